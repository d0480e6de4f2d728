import type { Todo } from './rows';

/** A write to the todos collection: `POST /todos`, `PATCH /todos/{id}` or `DELETE /todos/{id}`. */
export interface TodoWrite {
  readonly method: string;
  /** The id in the path, if there is one. */
  readonly id: string | undefined;
  /** The request's body as sent. */
  readonly body: string | undefined;
}

type FieldErrors = Record<string, string[]>;

/**
 * The todos of one in-page API, written as Django REST framework would: a JSON body, the stored
 * record answered (201 for a create), 204 for a delete, and HTTP 400 with the errors by field
 * (`{ "title": ["This field may not be blank."] }`) for a missing or blank title.
 */
export class TodoTable {
  #rows: readonly Todo[];

  constructor(rows: readonly Todo[]) {
    this.#rows = rows;
  }

  /** The todos now, oldest first. */
  get rows(): readonly Todo[] {
    return this.#rows;
  }

  write({ method, id, body }: TodoWrite): Response {
    if (method === 'POST' && id === undefined) return this.#create(body);
    if (id === undefined || !['PATCH', 'DELETE'].includes(method)) {
      return Response.json({ detail: `Method "${method}" not allowed.` }, { status: 405 });
    }
    const stored = this.#rows.find((todo) => String(todo.id) === id);
    if (!stored) return Response.json({ detail: 'No Todo matches the given query.' }, { status: 404 });
    if (method === 'DELETE') {
      this.#rows = this.#rows.filter((todo) => todo !== stored);
      return new Response(null, { status: 204 });
    }
    return this.#update(stored, body);
  }

  #create(body: string | undefined): Response {
    const fields = parse(body);
    if (fields instanceof Response) return fields;
    const errors = check(fields, true);
    if (errors) return Response.json(errors, { status: 400 });
    const id = Math.max(0, ...this.#rows.map((todo) => todo.id)) + 1;
    const todo: Todo = { id, title: String(fields.title).trim(), done: fields.done === true };
    this.#rows = [...this.#rows, todo];
    return Response.json(todo, { status: 201 });
  }

  #update(stored: Todo, body: string | undefined): Response {
    const fields = parse(body);
    if (fields instanceof Response) return fields;
    const errors = check(fields, false);
    if (errors) return Response.json(errors, { status: 400 });
    // Rows are replaced, never changed: what the page was given stays as it was.
    const todo: Todo = {
      ...stored,
      ...('title' in fields ? { title: String(fields.title).trim() } : {}),
      ...('done' in fields ? { done: fields.done === true } : {}),
    };
    this.#rows = this.#rows.map((row) => (row === stored ? todo : row));
    return Response.json(todo);
  }
}

/** The body's JSON object, or the 400 a malformed body gets. */
function parse(body: string | undefined): Record<string, unknown> | Response {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch (error) {
    return Response.json({ detail: `JSON parse error - ${(error as Error).message}` }, { status: 400 });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return Response.json({ non_field_errors: ['Invalid data. Expected a dictionary.'] }, { status: 400 });
  }
  return json as Record<string, unknown>;
}

/** DRF's errors by field for a todo's fields (`id` is read-only and other fields are ignored, as there). */
function check(fields: Record<string, unknown>, creating: boolean): FieldErrors | undefined {
  const errors: FieldErrors = {};
  if (!('title' in fields)) {
    if (creating) errors.title = ['This field is required.'];
  } else if (typeof fields.title !== 'string') errors.title = ['Not a valid string.'];
  else if (fields.title.trim() === '') errors.title = ['This field may not be blank.'];
  if ('done' in fields && typeof fields.done !== 'boolean') errors.done = ['Must be a valid boolean.'];
  return Object.keys(errors).length > 0 ? errors : undefined;
}
