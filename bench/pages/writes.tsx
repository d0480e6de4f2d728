// Workload 8, add, then list: a list of todos shown from a backend with a fixed latency, and a
// button that adds one through the library's mutation API. Each library page says how its hooks
// show the list and add a todo (a WritesConfig); this file mounts them, clicks, and records what
// every commit of the list showed until the server's list is on screen and nothing is pending.
import { type FC, type ReactNode, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';

/** One row of the list. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** What the add button sends: a todo without its id, which the backend gives. */
export type NewTodo = Omit<Todo, 'id'>;

/** The title of the todo the click adds; no other todo has it. */
export const NEW_TITLE = 'water the plants';

/** The id an optimistic update gives the new todo until the server's list replaces it. */
export const TEMPORARY_ID = -1;

/**
 * The todos' backend: `list()` and `create()` answer after `latency` ms, each working on the rows as
 * they are when it answers (a fresh copy, as a network response is); reads and writes are counted.
 */
export interface TodoBackend {
  list: () => Promise<Todo[]>;
  create: (todo: NewTodo) => Promise<Todo>;
  reads: number;
  writes: number;
  /** Calls not answered yet. */
  pending: number;
  /** When each read was sent, and when the last write was answered (`performance.now()`, 0 before). */
  readsSentAt: number[];
  writeAnsweredAt: number;
  /** When a call was last sent or answered. */
  lastActivityAt: number;
  /** The rows as the backend holds them now. */
  rows: Todo[];
}

function makeTodoBackend(latency: number, count: number): TodoBackend {
  const rows: Todo[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    title: `todo ${i + 1}`,
    done: i % 3 === 0,
  }));
  const answer = async <R,>(work: () => R): Promise<R> => {
    backend.pending++;
    backend.lastActivityAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, latency));
    backend.pending--;
    backend.lastActivityAt = performance.now();
    return work();
  };
  const backend: TodoBackend = {
    list() {
      backend.reads++;
      backend.readsSentAt.push(performance.now());
      return answer(() => backend.rows.map((todo) => ({ ...todo })));
    },
    create(todo) {
      backend.writes++;
      return answer(() => {
        const created = { ...todo, id: Math.max(0, ...backend.rows.map((row) => row.id)) + 1 };
        backend.rows.push(created);
        backend.writeAnsweredAt = performance.now();
        return { ...created };
      });
    },
    reads: 0,
    writes: 0,
    pending: 0,
    readsSentAt: [],
    writeAnsweredAt: 0,
    lastActivityAt: 0,
    rows,
  };
  return backend;
}

/**
 * A library's provider; the list component's hook, returning the todos it shows (`undefined` while
 * it has none); and the add button's hook: `add(title)` is what the click calls, `pending` is the
 * library's own pending state of that write.
 */
export interface WritesSetup {
  Root: FC<{ children: ReactNode }>;
  useTodos: () => readonly Todo[] | undefined;
  useAdd: () => { add: (title: string) => void; pending: boolean };
}

/**
 * One way to use a library for the add button. A page lists its documented pattern without an
 * optimistic update first, then the optimistic pattern that writes the cached list (what
 * react-lifter's `optimistic` does), then any other.
 */
export interface WritesConfig {
  name: string;
  setup: (backend: TodoBackend) => WritesSetup;
}

export interface WritesOptions {
  /** Todos on the list before the click. */
  todos: number;
  latency: number;
}

export interface WritesResult {
  /** Backend reads sent from the click on, and those sent after the write was answered; backend writes. */
  reads: number;
  readsAfterWrite: number;
  writes: number;
  /** Commits of the list component from the click on (its layout effect), and its function calls. */
  renders: number;
  calls: number;
  /** 1 if the first commit of the list after the click showed the new todo, before the write was answered. */
  optimistic: number;
  /** Commits of the list after the click that did not show the new todo yet. */
  commitsBeforeItem: number;
  /** Commits, once the new todo was shown, that lost it or showed it twice. */
  glitches: number;
  /** Commits showing a loading state instead of a list. */
  blankFrames: number;
  /** From the click to the first commit showing the new todo. */
  shownMs: number;
  /** From the click to the first commit showing the backend's list as it is after the write. */
  confirmedMs: number;
  /** From the click to the commit of the add button where the library's pending state of the write ended (null: never pending). */
  settledMs: number | null;
}

/** What a list shows, as a string: tells the server's list from an optimistic one. */
const signature = (todos: readonly Todo[]) => todos.map((todo) => `${todo.id}:${todo.title}`).join(',');

interface Log {
  measuring: boolean;
  calls: number;
  called: () => void;
  /** The list component committed (from its layout effect). */
  commit: (todos: readonly Todo[] | undefined) => void;
  /** The add button committed, with the library's pending state. */
  adding: (pending: boolean) => void;
}

function TodoList({ setup, log }: { setup: WritesSetup; log: Log }) {
  log.called();
  const todos = setup.useTodos();
  useLayoutEffect(() => log.commit(todos));
  return todos ? (
    <ul>
      {todos.map((todo) => (
        <li key={todo.id}>{todo.title}</li>
      ))}
    </ul>
  ) : (
    <p>Loading…</p>
  );
}

function AddTodo({ setup, log }: { setup: WritesSetup; log: Log }) {
  const { add, pending } = setup.useAdd();
  useLayoutEffect(() => log.adding(pending));
  return (
    <button type="button" onClick={() => add(NEW_TITLE)}>
      Add
    </button>
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves once `done()` holds, polling; fails after `ms`, saying what `state()` was. */
async function until(done: () => boolean, ms: number, what: string, state: () => string) {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`add, then list: ${what} within ${ms} ms (${state()})`);
    await sleep(5);
  }
}

/**
 * Mounts the list and the add button and waits for the list, then clicks the button once and waits
 * until the backend's list is on screen, the library's write is no longer pending, and the backend
 * and the list are quiet (a late refetch would land by then).
 */
export async function addThenList(config: WritesConfig, options: WritesOptions): Promise<WritesResult> {
  const { todos, latency } = options;
  const backend = makeTodoBackend(latency, todos);
  const setup = config.setup(backend);
  const seen = {
    renders: 0,
    first: undefined as { at: number; hasItem: boolean } | undefined,
    beforeItem: 0,
    glitches: 0,
    blank: 0,
    lastCommitAt: 0,
    shownAt: 0,
    confirmedAt: 0,
    listed: false,
    pending: false,
    wasPending: false,
    settledAt: 0,
  };
  const log: Log = {
    measuring: false,
    calls: 0,
    called() {
      if (log.measuring) log.calls++;
    },
    commit(list) {
      if (!log.measuring) {
        seen.listed = list?.length === todos;
        return;
      }
      const now = performance.now();
      const copies = list?.filter((todo) => todo.title === NEW_TITLE).length ?? 0;
      seen.renders++;
      seen.lastCommitAt = now;
      seen.first ??= { at: now, hasItem: copies > 0 };
      if (list === undefined) seen.blank++;
      if (seen.shownAt === 0) {
        if (copies > 0) seen.shownAt = now;
        else seen.beforeItem++;
      } else if (copies !== 1) seen.glitches++;
      if (seen.confirmedAt === 0 && list && copies === 1 && signature(list) === signature(backend.rows)) {
        seen.confirmedAt = now;
      }
    },
    adding(pending) {
      seen.pending = pending;
      if (!log.measuring) return;
      if (pending) seen.wasPending = true;
      else if (seen.wasPending && seen.settledAt === 0) seen.settledAt = performance.now();
    },
  };

  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  root.render(
    <setup.Root>
      <AddTodo setup={setup} log={log} />
      <TodoList setup={setup} log={log} />
    </setup.Root>,
  );
  // What a timeout reports, so that a failure says which configuration hung, and where.
  const state = () =>
    `${config.name}: ${seen.renders} commit(s) since the click, new todo shown: ${seen.shownAt > 0}, ` +
    `${backend.reads} read(s) and ${backend.writes} write(s) in all, ${backend.pending} pending, ` +
    `the write pending for the library: ${seen.pending}`;
  await until(() => seen.listed, 5_000, 'the list was not shown', state);
  await until(() => backend.pending === 0, 5_000, 'the backend did not go quiet', state);
  await sleep(100);
  const button = container.querySelector('button')!;
  const base = { reads: backend.reads, writes: backend.writes };

  log.measuring = true;
  const clickedAt = performance.now();
  button.click();
  await until(() => seen.confirmedAt > 0, 10_000, "the backend's list was not shown after the click", state);
  const quiet = 3 * latency + 50;
  await until(
    () =>
      !seen.pending &&
      backend.pending === 0 &&
      performance.now() - Math.max(seen.lastCommitAt, backend.lastActivityAt) > quiet,
    10_000,
    'the write, the backend and the list did not go quiet',
    state,
  );
  log.measuring = false;
  root.unmount();
  container.remove();

  const first = seen.first!;
  return {
    reads: backend.reads - base.reads,
    readsAfterWrite: backend.readsSentAt.filter((at) => at >= backend.writeAnsweredAt).length,
    writes: backend.writes - base.writes,
    renders: seen.renders,
    calls: log.calls,
    optimistic: first.hasItem && first.at < backend.writeAnsweredAt ? 1 : 0,
    commitsBeforeItem: seen.beforeItem,
    glitches: seen.glitches,
    blankFrames: seen.blank,
    shownMs: seen.shownAt - clickedAt,
    confirmedMs: seen.confirmedAt - clickedAt,
    settledMs: seen.settledAt === 0 ? null : seen.settledAt - clickedAt,
  };
}
