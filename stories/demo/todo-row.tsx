import { type FormEvent, useState } from 'react';
import type { Todo } from './rows';

interface TodoRowProps {
  todo: Todo;
  saving: boolean;
  onRename: (title: string) => void;
  onToggle: () => void;
  onDelete: () => void;
}

/** One todo: a checkbox, its title (a text box while renamed), Rename and Delete. */
export function TodoRow({ todo, saving, onRename, onToggle, onDelete }: TodoRowProps) {
  const [editing, setEditing] = useState<string>();
  const draft = todo.id < 0;
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (editing !== todo.title) onRename(editing ?? todo.title);
    setEditing(undefined);
  };
  return (
    <li style={{ display: 'flex', gap: 8, alignItems: 'baseline', margin: '4px 0' }}>
      <input
        type="checkbox"
        aria-label={`Done: ${todo.title}`}
        checked={todo.done}
        disabled={draft}
        onChange={onToggle}
      />
      {editing === undefined ? (
        <span data-testid="todo" onDoubleClick={() => !draft && setEditing(todo.title)}>
          <small style={{ color: '#889' }}>{draft ? 'new' : `#${todo.id}`}</small>{' '}
          <span style={{ textDecoration: todo.done ? 'line-through' : undefined }}>{todo.title}</span>
          {todo.done ? ' ✓' : ''}
        </span>
      ) : (
        <form onSubmit={save} style={{ display: 'inline' }}>
          <input
            aria-label={`New title for ${todo.title}`}
            value={editing}
            autoFocus
            onChange={(event) => setEditing(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(undefined)}
          />{' '}
          <button type="submit">Save</button>
        </form>
      )}
      {saving ? <small style={{ color: '#889' }}>saving…</small> : null}
      <button
        type="button"
        aria-label={`Rename ${todo.title}`}
        disabled={draft || editing !== undefined}
        onClick={() => setEditing(todo.title)}
      >
        Rename
      </button>
      <button type="button" aria-label={`Delete ${todo.title}`} disabled={draft} onClick={onDelete}>
        Delete
      </button>
    </li>
  );
}

/** A write's error, e.g. `StoreError: … failed with HTTP 503 …`. */
export function WriteError({ error }: { error: Error }) {
  return (
    <p data-testid="write-error" role="alert" style={{ color: '#b00' }}>
      {error.name}: {error.message}
    </p>
  );
}
