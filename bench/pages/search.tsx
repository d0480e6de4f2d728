// Workload 7, typing into a search box: an input whose text is the query of the list below it,
// typed one character at a time and deleted again, over a backend that answers after a fixed
// latency. Each library page says how its hook gets the list for a text (a SearchConfig); this
// file types, deletes, and records what every commit of the list showed.
import { type FC, type ReactNode, useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

/** One row of the search results. */
export interface Person {
  id: number;
  name: string;
}

/** What the user types (30 characters); the workload types its first `length` characters. */
const TYPED = 'annabelle-marguerite-delacroix';

/**
 * Every prefix of TYPED is a person's name, and ten names start with another letter, so that each
 * text typed matches its own list: 40 people for '', 31 − n for the first n characters.
 */
const PEOPLE: Person[] = [
  ...Array.from({ length: TYPED.length }, (_, i) => TYPED.slice(0, i + 1)),
  ...['bob', 'chloe', 'dmitri', 'eve', 'farid', 'grace', 'hugo', 'ines', 'jules', 'kenji'],
].map((name, id) => ({ id, name }));

/** The people whose name starts with `text`, ignoring case (what `istartswith` asks for). */
function matching(text: string): Person[] {
  const lower = text.toLowerCase();
  return PEOPLE.filter((person) => person.name.toLowerCase().startsWith(lower));
}

/** What a list shows, as a string: tells which text's result a commit showed. */
const signature = (people: readonly Person[]) => people.map((person) => person.id).join(',');

/** The backend of the search box: answers a text after `latency` ms, counting its calls per text. */
export interface SearchBackend {
  (text: string): Promise<Person[]>;
  calls: number;
  callsPerText: Map<string, number>;
  /** Calls not answered yet. */
  pending: number;
}

function makeSearchBackend(latency: number): SearchBackend {
  const backend = (async (text: string) => {
    backend.calls++;
    backend.callsPerText.set(text, (backend.callsPerText.get(text) ?? 0) + 1);
    backend.pending++;
    await new Promise((resolve) => setTimeout(resolve, latency));
    backend.pending--;
    // A fresh copy per answer, as a network response is.
    return matching(text).map((person) => ({ ...person }));
  }) as SearchBackend;
  backend.calls = 0;
  backend.callsPerText = new Map();
  backend.pending = 0;
  return backend;
}

/** A library's provider, and its hook returning the list for a text (`undefined` while it has none to show). */
export interface SearchSetup {
  Root: FC<{ children: ReactNode }>;
  useResults: (text: string) => readonly Person[] | undefined;
}

/** One way to use a library for the search box; a page lists its documented default first. */
export interface SearchConfig {
  name: string;
  setup: (backend: SearchBackend) => SearchSetup;
}

export interface SearchOptions {
  /** Characters typed, then deleted. */
  length: number;
  latency: number;
  /** Milliseconds between keystrokes, used in turn. */
  intervals: number[];
}

export interface SearchResult {
  /** Backend calls from the first keystroke on, and those made after the first deletion. */
  backendCalls: number;
  callsWhileDeleting: number;
  /** Distinct texts the backend was asked for, and the most calls one text got. */
  distinctQueries: number;
  maxCallsPerQuery: number;
  /** Commits of the list component from the first keystroke on (its layout effect), and its function calls. */
  renders: number;
  calls: number;
  /** Commits showing a loading state instead of a list. */
  blankFrames: number;
  /** Commits showing another text's list before the current text's arrived (keepPreviousData at work). */
  previousShown: number;
  /** Commits showing another text's list after the current text's list had been shown. */
  lateResults: number;
  /** From the first keystroke to the commit that shows the empty text's list after the last deletion. */
  ms: number;
  /** From the first keystroke to the last one (the schedule itself), and from the last one to the final list. */
  keystrokesMs: number;
  afterLastKeystrokeMs: number;
}

interface Log {
  measuring: boolean;
  calls: number;
  /** The list component's function ran (counted from the first keystroke). */
  called: () => void;
  /** The list component committed (from its layout effect). */
  commit: (text: string, people: readonly Person[] | undefined) => void;
}

function ResultList({ setup, text, log }: { setup: SearchSetup; text: string; log: Log }) {
  log.called();
  const people = setup.useResults(text);
  useLayoutEffect(() => log.commit(text, people));
  return people ? (
    <ul>
      {people.map((person) => (
        <li key={person.id}>{person.name}</li>
      ))}
    </ul>
  ) : (
    <p>Loading…</p>
  );
}

function SearchBox({ setup, log }: { setup: SearchSetup; log: Log }) {
  const [text, setText] = useState('');
  return (
    <>
      <input value={text} onChange={(event) => setText(event.target.value)} />
      <ResultList setup={setup} text={text} log={log} />
    </>
  );
}

const setInputValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;

/** What a keystroke does to the input: its new value, then the `input` event React listens to. */
function keystroke(input: HTMLInputElement, text: string, inserted: boolean) {
  setInputValue.call(input, text);
  input.dispatchEvent(
    new InputEvent('input', {
      bubbles: true,
      inputType: inserted ? 'insertText' : 'deleteContentBackward',
      data: inserted ? text.slice(-1) : null,
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves once `done()` holds, polling; fails after `ms`. */
async function until(done: () => boolean, ms: number, what: string) {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`search box: ${what} within ${ms} ms`);
    await sleep(5);
  }
}

/**
 * Mounts the search box on the empty text and waits for its list, then types `length` characters
 * and deletes them one at a time, `intervals` apart (keystroke times are fixed from the first one,
 * so a slow render delays one keystroke, not all that follow), and waits until the backend and the
 * list are quiet.
 */
export async function typeAndDelete(config: SearchConfig, options: SearchOptions): Promise<SearchResult> {
  const { length, latency, intervals } = options;
  const backend = makeSearchBackend(latency);
  const setup = config.setup(backend);
  const typed = Array.from({ length }, (_, i) => TYPED.slice(0, i + 1));
  // Each text's list tells which text it answers (see PEOPLE).
  const textOf = new Map(['', ...typed].map((text) => [signature(matching(text)), text]));
  const seen = { renders: 0, blank: 0, previous: 0, late: 0, lastCommitAt: 0, text: '', currentShown: false };
  let finalAt = 0;
  let lastKeystroke = false;
  const log: Log = {
    measuring: false,
    calls: 0,
    called() {
      if (log.measuring) log.calls++;
    },
    commit(text, people) {
      const shown = people && textOf.get(signature(people));
      if (!log.measuring) {
        seen.currentShown = shown === text;
        return;
      }
      seen.renders++;
      seen.lastCommitAt = performance.now();
      if (text !== seen.text) Object.assign(seen, { text, currentShown: false });
      if (people === undefined) seen.blank++;
      else if (shown === text) {
        seen.currentShown = true;
        if (lastKeystroke && finalAt === 0) finalAt = performance.now();
      } else if (seen.currentShown) seen.late++;
      else seen.previous++;
    },
  };

  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  root.render(
    <setup.Root>
      <SearchBox setup={setup} log={log} />
    </setup.Root>,
  );
  await until(() => seen.currentShown, 5_000, "the empty text's list was not shown");
  await until(() => backend.pending === 0, 5_000, 'the backend did not go quiet');
  await sleep(100);
  const input = container.querySelector('input')!;
  const base = backend.calls;
  backend.callsPerText.clear();

  // Typing, then deleting back to the empty text.
  const texts = [...typed, ...typed.slice(0, -1).reverse(), ''];
  let callsBeforeDeleting = 0;
  log.measuring = true;
  const startedAt = performance.now();
  let at = startedAt;
  let lastKeystrokeAt = startedAt;
  for (let k = 0; k < texts.length; k++) {
    if (k > 0) {
      at += intervals[(k - 1) % intervals.length]!;
      await sleep(at - performance.now());
    }
    if (k === length) callsBeforeDeleting = backend.calls;
    lastKeystroke = k === texts.length - 1;
    lastKeystrokeAt = performance.now();
    keystroke(input, texts[k]!, k < length);
  }
  await until(() => finalAt > 0, 10_000, "the empty text's list was not shown after the last deletion");
  // Quiet: nothing in flight, and no commit for a while (a refetch's answer would land by then).
  await until(
    () => backend.pending === 0 && performance.now() - seen.lastCommitAt > 3 * latency + 50,
    10_000,
    'the backend and the list did not go quiet',
  );
  root.unmount();
  container.remove();

  return {
    backendCalls: backend.calls - base,
    callsWhileDeleting: backend.calls - callsBeforeDeleting,
    distinctQueries: backend.callsPerText.size,
    maxCallsPerQuery: Math.max(0, ...backend.callsPerText.values()),
    renders: seen.renders,
    calls: log.calls,
    blankFrames: seen.blank,
    previousShown: seen.previous,
    lateResults: seen.late,
    ms: finalAt - startedAt,
    keystrokesMs: lastKeystrokeAt - startedAt,
    afterLastKeystrokeMs: finalAt - lastKeystrokeAt,
  };
}
