import {
  type Action,
  defineModel,
  type ExecuteOptions,
  MemoryStore,
  type MemoryStoreOptions,
  type Model,
  type Query,
} from 'react-lifter';
import { type Person as PersonRow, people, type Todo as TodoRow } from './rows';
import { CallCounter } from './watched';

export type Person = PersonRow;
/** The demo's one model: `demo:person`. */
export const Person = defineModel<Person>({ app: 'demo', name: 'person', plural: 'people' });

export type Todo = TodoRow;
/** The todo list's model: `demo:todo`, at `/api/demo/todos` on the in-page API. */
export const Todo = defineModel<Todo>({ app: 'demo', name: 'todo' });

/** A MemoryStore whose backend counts its calls, so stories can show what the cache saved. */
export class DemoStore extends MemoryStore {
  readonly calls = new CallCounter();
  constructor(options: Partial<MemoryStoreOptions> = {}) {
    super({ identifier: 'demo_store', data: { demo: { person: people } }, ...options });
  }
  protected override execute(model: Model<unknown>, query: Query<unknown, unknown, Action>, options: ExecuteOptions) {
    this.calls.add();
    return super.execute(model, query, options);
  }
}
