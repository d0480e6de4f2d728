import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { App } from './code/first-example';
import code from './code/first-example.tsx?raw';

/**
 * The README's first example, as it is: a model, a `MemoryStore` that takes 300 ms to answer, a
 * `MemoryCache`, a `CacheProvider`, and `useQuery` showing the adults. **Hide** then **Show** mounts the
 * list again: the cache has it, so it is there at once ("from the cache"), with no request. **Turn the
 * cache off** (`useCacheDisabled`), then Hide and Show: "Loading…", and the store is asked again.
 *
 * The cache is made once for the page, so it keeps its results while you move around this Storybook:
 * reload the page to start from an empty cache.
 */
const meta = {
  title: 'Examples/First example',
  component: App,
  parameters: { docs: { source: { code } } },
} satisfies Meta<typeof App>;
export default meta;

export const HideShowAndTurnOff: StoryObj<typeof meta> = {
  name: 'Hide, show, turn the cache off',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const click = (name: string) => userEvent.click(page.getByRole('button', { name }));
    await waitFor(() => expect(canvasElement).toHaveTextContent('Cleo, Ann (from the'), { timeout: 3000 });
    await step('hide and show: the list is in the cache, at once', async () => {
      await click('Hide');
      await click('Show');
      await expect(canvasElement).toHaveTextContent('Cleo, Ann (from the cache)');
    });
    await step('turn the cache off, hide and show: the store is asked again', async () => {
      await click('Turn the cache off');
      await click('Hide');
      await click('Show');
      await expect(canvasElement).toHaveTextContent('Loading…');
      await waitFor(() => expect(canvasElement).toHaveTextContent('Cleo, Ann (from the store)'), { timeout: 3000 });
    });
    await step('on again: the cache answers with what it held', async () => {
      await click('Turn the cache on');
      await click('Hide');
      await click('Show');
      await expect(canvasElement).toHaveTextContent('Cleo, Ann (from the cache)');
    });
  },
};
