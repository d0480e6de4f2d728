import { QUERY_TEXTS } from '../../../src/core/texts/query';
import { REST_TEXTS } from '../../../src/core/texts/rest';
import { SETUP_TEXTS } from '../../../src/core/texts/setup';

type Text = (...values: unknown[]) => string;

const GROUPS: [string, Record<number, Text>][] = [
  ['Queries (1xx)', QUERY_TEXTS as Record<number, Text>],
  ['Models, stores, caches, hooks and options (2xx)', SETUP_TEXTS as Record<number, Text>],
  ['Queries a REST API cannot be sent (3xx)', REST_TEXTS as Record<number, Text>],
];

/** The names of a text's parameters, in order, as its source gives them. */
function parameterNames(text: Text): string[] {
  const list = /^\(([^)]*)\)/.exec(text.toString())?.[1] ?? '';
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Every text, made with each value shown as its name: `orderBy[‹i›] must be a field name, … got "‹field›".` */
export function textsWithPlaceholders(): { code: number; group: string; names: string[]; text: string }[] {
  return GROUPS.flatMap(([group, texts]) =>
    Object.entries(texts).map(([code, text]) => {
      const names = parameterNames(text);
      return { code: Number(code), group, names, text: text(...names.map((name) => `‹${name}›`)) };
    }),
  );
}

/** docs/errors.md as the catalogues make it. */
export function renderErrorCodes(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Written by test/core/texts/texts.test.ts from src/core/texts/ (UPDATE_DOCS=1 npx vitest run ' +
      'test/core/texts). -->',
    '',
    'Errors about a mistake in the calling code (a query built wrongly, a model, store, cache or hook set up',
    'wrongly, an option of the wrong kind) carry their whole message in development builds. Production builds, where',
    'bundlers replace `process.env.NODE_ENV` with `"production"`, keep a code and the values instead, so that the',
    'texts cost your users nothing:',
    '',
    '```text',
    'InvalidQuery: react-lifter error 101 (1, 5); the full message is in development builds and docs/errors.md.',
    '```',
    '',
    'The error is of the same class either way, with the same fields (an `InvalidQuery` keeps its `path`). Below is',
    "each code's message, with the values in the order the short form lists them. Errors about what happened at run",
    "time (the backend's failures, HTTP errors, nothing cached under a key) keep their whole message in every build.",
  ];
  for (const [group] of GROUPS) {
    lines.push('', `## ${group}`, '');
    for (const { code, names, text } of textsWithPlaceholders().filter((entry) => entry.group === group)) {
      const values = names.length ? ` (${names.map((name) => `‹${name}›`).join(', ')})` : '';
      lines.push(`- **${code}**${values}: \`${text}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}
