import { QUERY_TEXTS } from './query';
import { REST_TEXTS } from './rest';
import { SETUP_TEXTS } from './setup';

// Replaced by bundlers; declared here so that the library's types need no Node typings.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

type Texts = typeof QUERY_TEXTS & typeof SETUP_TEXTS & typeof REST_TEXTS;
/** The code of a message about a mistake in the calling code: docs/errors.md lists them. */
export type TextCode = keyof Texts;

/**
 * The message of error `code` about a mistake in the calling code, made from `values`: in development builds the
 * whole text (what was wrong, where, how to fix it); in production builds the code and the values, and where the
 * text is. `process.env.NODE_ENV` is written literally so that bundlers replace it and drop every text from
 * production bundles (they were a fifth of the library's size). Run unbundled where there is no `process`, reading
 * it throws a `ReferenceError`, and the short form is given.
 */
export function message<C extends TextCode>(code: C, ...values: Parameters<Texts[C]>): string {
  try {
    if (process.env.NODE_ENV !== 'production') {
      const text = (QUERY_TEXTS[code as keyof typeof QUERY_TEXTS] ??
        SETUP_TEXTS[code as keyof typeof SETUP_TEXTS] ??
        REST_TEXTS[code as keyof typeof REST_TEXTS]) as (...values: unknown[]) => string;
      return text(...values);
    }
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
  }
  return coded(code, values);
}

/** A message as production builds give it: `react-lifter error 101 (0, 5)`, and where the text is. */
function coded(code: number, values: readonly unknown[]): string {
  const shownValues = values.length ? ` (${values.map(shown).join(', ')})` : '';
  return `react-lifter error ${code}${shownValues}; the full message is in development builds and docs/errors.md.`;
}

/** A value as a production message shows it: short, and never failing (an object may not convert to a string). */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? `[${value.length}]` : 'an object';
}
