import { Controls, Description, Heading, Primary, Source, Stories, Title } from '@storybook/addon-docs/blocks';
import type { Preview } from '@storybook/react-vite';
import { createElement, Fragment } from 'react';

/**
 * The docs page of every stories file: what it shows, its first story live, the code a user would write (the
 * file's `parameters.docs.source.code`) and its controls, then its other stories, each with a Show code button.
 */
const page = () =>
  createElement(
    Fragment,
    null,
    createElement(Title),
    createElement(Description),
    createElement(Primary),
    createElement(Heading, null, 'The code'),
    createElement(Source),
    createElement(Controls),
    createElement(Stories, { includePrimary: false, title: 'More stories' }),
  );

const preview: Preview = {
  // Every stories file gets a docs page (see `page` above).
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    docs: {
      // In docs pages, a story shows its starting state and waits for the reader; its play function (the
      // clicks that walk it to its end) runs in the story's own view and in `npm test`.
      story: { autoplay: false },
      source: { language: 'tsx' },
      page,
    },
    options: {
      storySort: {
        order: [
          'Getting started',
          'Concepts',
          [
            'Keys and invalidation',
            'Timeouts',
            'Stale data',
            'Writes',
            'Persistence',
            'Servers',
            'Turning the cache off',
            'Errors and retries',
            'Fewer requests',
          ],
          'Examples',
          [
            'First example',
            'Keys and the cache inspector',
            'Timeouts',
            'Stale data',
            'Writes: a todo list',
            'Persistence (IndexedDB)',
            'Servers: a snapshot',
            'Turning the cache off',
            'REST API',
            'Retries',
            'Search as you type',
            'One request for many components',
          ],
        ],
      },
    },
  },
};

export default preview;
