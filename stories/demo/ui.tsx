import { type CSSProperties, Fragment, type ReactNode, useRef, useState } from 'react';
import type { UseQueryResult } from 'react-lifter';
import type { Person } from './rows';
import { type CallCounter, useWatched, type Watched } from './watched';
import type { LoggedRequest } from './fake-api';

const box: CSSProperties = {
  border: '1px solid #ccd',
  borderRadius: 6,
  padding: '8px 12px',
  margin: '8px 0',
  fontFamily: 'system-ui, sans-serif',
};

/** A titled box. */
export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={box}>
      <h3 style={{ margin: '0 0 6px', fontSize: 14 }}>{title}</h3>
      {children}
    </section>
  );
}

/** "Backend calls: n", live. */
export function Calls({ counter }: { counter: CallCounter }) {
  return <p data-testid="calls">Backend calls: {useWatched(counter)}</p>;
}

/** What a list query shows: loading, the error, or the names and where they came from. */
export function PeopleResult({ result, label = 'people' }: { result: UseQueryResult<Person[]>; label?: string }) {
  if (result.status === 'pending') return <p data-testid={label}>Loading…</p>;
  if (result.status === 'error')
    return (
      <p data-testid={label} role="alert">
        Error: {result.error.message}
      </p>
    );
  return (
    <p data-testid={label}>
      {result.data.map((person) => person.name).join(', ')} <small>(from the {result.source})</small>
    </p>
  );
}

/** The API's requests, numbered, each with its JSON body if it has one and its HTTP status once answered, live. */
export function Requests({ log }: { log: Watched<readonly LoggedRequest[]> }) {
  const requests = useWatched(log);
  return (
    <ol data-testid="requests" style={{ margin: '6px 0', paddingLeft: 28, fontSize: 13 }}>
      {requests.map((request, index) => (
        <li key={index}>
          <code>
            {request.method} {request.url}
            {request.body === undefined ? '' : ` ${request.body}`}
          </code>{' '}
          → {request.status ?? '…'}
        </li>
      ))}
    </ol>
  );
}

export const buttonRow: CSSProperties = { display: 'flex', gap: 8, margin: '6px 0' };

/** Its children, and a Re-mount button that mounts them afresh (as leaving a screen and coming back would). */
export function Remount({ children }: { children: ReactNode }) {
  const [mount, setMount] = useState(1);
  return (
    <>
      <Fragment key={mount}>{children}</Fragment>
      <div style={buttonRow}>
        <button type="button" onClick={() => setMount(mount + 1)}>
          Re-mount
        </button>
      </div>
    </>
  );
}

/** How many times the calling component has rendered, and how many of those were `pending`. */
export function useRenderCount(pending: boolean): { total: number; pending: number } {
  const counts = useRef({ total: 0, pending: 0 });
  // Counting renders is a side effect of rendering, on purpose: the stories show it.
  /* eslint-disable react-hooks/refs */
  counts.current = { total: counts.current.total + 1, pending: counts.current.pending + (pending ? 1 : 0) };
  return counts.current;
  /* eslint-enable react-hooks/refs */
}
