import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/writes.tsx?raw';
import { recordStates } from './demo/play';
import { TodoDemo } from './demo/todo-app';

/**
 * Writes through a `RestStore` with `useMutation`: add (`POST /api/demo/todos`), rename and toggle
 * (`PATCH /api/demo/todos/{id}`) and delete (`DELETE /api/demo/todos/{id}`). Each write changes the
 * cached list at once (`optimistic: (variables, cache) => cache.update(list, (current) => next)`),
 * then the server's answer invalidates the model and the list is fetched again, once. Tick "API
 * failing" and the write fails with HTTP 503: the change shows, then is rolled back, and the error
 * is shown. An empty title is refused with HTTP 400 and the server's error for the field shows
 * beside the box (`BadQuery`'s `fields`). Double-click a title, or Rename, to edit it.
 */
const meta = {
  title: 'Examples/Writes: a todo list',
  component: TodoDemo,
  args: { latency: 400, failing: false },
  argTypes: {
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds the API takes to answer',
    },
    failing: { control: 'boolean', description: 'The API answers HTTP 503 (re-mounts the story)' },
  },
  parameters: { docs: { source: { code } } },
  // A new API, store and cache when the API starts failing or stops.
  render: (args) => <TodoDemo key={String(args.failing)} {...args} />,
} satisfies Meta<typeof TodoDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

/** The page's todos and requests, as text: `#4 Buy milk`, `POST /api/demo/todos {"title":…} → 201`. */
function readPage(canvas: HTMLElement) {
  const page = within(canvas);
  const list = page.getByTestId('todos');
  const todos =
    list.tagName === 'UL'
      ? [...list.querySelectorAll('[data-testid="todo"]')].map((todo) => todo.textContent)
      : [list.textContent];
  const requests = [...page.getByTestId('requests').querySelectorAll('li')].map((request) => request.textContent);
  return { todos, requests };
}

const initial = ['#1 Read the README ✓', '#2 Try the stories', '#3 Write a todo app'];
const listed = 'GET /api/demo/todos → 200';
// Generous: a slow, shared machine.
const long = { timeout: 10_000 };

/** Waits for the list to load, and checks that it took one request. */
async function loaded(canvas: HTMLElement) {
  await waitFor(() => expect(readPage(canvas).todos).toEqual(initial), long);
  await expect(readPage(canvas).requests).toEqual([listed]);
}

/**
 * Type a title and press **Add**: the todo shows at once, marked "new", while the `POST` is under way;
 * then the list is fetched again, and the server's row (with its id) replaces it.
 */
export const Add: Story = {
  name: 'Add: at once, then the server’s version',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const renders = () => Number(/List renders: (\d+)/.exec(page.getByTestId('renders').textContent ?? '')?.[1]);
    const before = renders();
    const post = 'POST /api/demo/todos {"title":"Buy milk","done":false}';

    await step('the new todo shows at once, before the POST is answered', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.type(page.getByRole('textbox', { name: 'New todo' }), 'Buy milk');
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(readPage(canvasElement).todos).toEqual([...initial, '#4 Buy milk']), long);
      shown.stop();
      await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveValue('');
      const optimistic = shown.states.filter(({ todos }) => todos.includes('new Buy milk'));
      await expect(optimistic.some(({ requests }) => requests.at(-1) === `${post} → …`)).toBe(true);
      // The list never blanked, and the new todo never vanished once shown.
      const after = shown.states.slice(shown.states.indexOf(optimistic[0]!));
      await expect(after.filter(({ todos }) => todos.length !== 4)).toEqual([]);
    });

    await step('then one POST and one list refetch, whose answer replaced the optimistic row', async () => {
      await waitFor(() => expect(page.getByTestId('renders')).not.toHaveTextContent('fetching'), long);
      await expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 201`, listed]);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
      await expect(page.queryByRole('alert')).toBeNull();
      // Three renders of the list: the optimistic change, the refetch starting (data kept), its answer.
      await expect(renders() - before).toBe(3);
    });
  },
};

/**
 * **Rename** a todo (or double-click its title), tick it, then **Delete** another: each change shows at
 * once, with one request each (`PATCH`, `PATCH`, `DELETE`), and the list is fetched again after each.
 */
export const RenameToggleDelete: Story = {
  name: 'Rename, toggle, delete: one request each',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const settled = (requests: string[]) =>
      waitFor(() => expect(readPage(canvasElement).requests).toEqual(requests), long);

    await step('rename: the new title at once, one PATCH of the title', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('button', { name: 'Rename Try the stories' }));
      const box = page.getByRole('textbox', { name: 'New title for Try the stories' });
      await userEvent.clear(box);
      await userEvent.type(box, 'Try every story');
      await userEvent.click(page.getByRole('button', { name: 'Save' }));
      const patch = 'PATCH /api/demo/todos/2 {"title":"Try every story"}';
      await settled([listed, `${patch} → 200`, listed]);
      shown.stop();
      const renamed = ['#1 Read the README ✓', '#2 Try every story', '#3 Write a todo app'];
      await expect(
        shown.states.some(({ todos, requests }) => `${todos}` === `${renamed}` && requests.at(-1) === `${patch} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(renamed);
    });

    await step('toggle: ticked at once, one PATCH of done', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('checkbox', { name: 'Done: Try every story' }));
      const patch = 'PATCH /api/demo/todos/2 {"done":true}';
      await settled([
        listed,
        'PATCH /api/demo/todos/2 {"title":"Try every story"} → 200',
        listed,
        `${patch} → 200`,
        listed,
      ]);
      shown.stop();
      await expect(
        shown.states.some(
          ({ todos, requests }) => todos[1] === '#2 Try every story ✓' && requests.at(-1) === `${patch} → …`,
        ),
      ).toBe(true);
      await expect(page.getByRole('checkbox', { name: 'Done: Try every story' })).toBeChecked();
    });

    await step('delete: the row goes at once, one DELETE', async () => {
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.click(page.getByRole('button', { name: 'Delete Write a todo app' }));
      const remove = 'DELETE /api/demo/todos/3';
      await waitFor(
        () => expect(readPage(canvasElement).requests.slice(-2)).toEqual([`${remove} → 204`, listed]),
        long,
      );
      shown.stop();
      const left = ['#1 Read the README ✓', '#2 Try every story ✓'];
      await expect(
        shown.states.some(({ todos, requests }) => `${todos}` === `${left}` && requests.at(-1) === `${remove} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(left);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 7');
      await expect(page.queryByRole('alert')).toBeNull();
    });
  },
};

/**
 * Tick **API failing**, type a title and press **Add**: the todo shows, the `POST` fails with HTTP 503, the
 * todo is rolled back and the error shows; the title goes back in the box. Untick it and **Add** again.
 */
export const Failing: Story = {
  name: 'API failing: shown, rolled back, error',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const post = 'POST /api/demo/todos {"title":"Buy milk","done":false}';

    await step('a 503: the todo shows, then is rolled back, and the error shows', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: /API failing/ }));
      const shown = recordStates(canvasElement, () => readPage(canvasElement));
      await userEvent.type(page.getByRole('textbox', { name: 'New todo' }), 'Buy milk');
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await expect(await page.findByRole('alert', {}, long)).toHaveTextContent(/StoreError: .*HTTP 503/);
      shown.stop();
      await expect(
        shown.states.some(({ todos, requests }) => todos.includes('new Buy milk') && requests.at(-1) === `${post} → …`),
      ).toBe(true);
      await expect(readPage(canvasElement).todos).toEqual(initial);
      // Rolled back to the list it changed: nothing to fetch again.
      await expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 503`]);
      await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveValue('Buy milk');
    });

    await step('the API is back: the same add goes through, and only then is the list fetched again', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: /API failing/ }));
      await userEvent.click(page.getByRole('button', { name: 'Add' }));
      await waitFor(() => expect(readPage(canvasElement).todos).toEqual([...initial, '#4 Buy milk']), long);
      await waitFor(
        () => expect(readPage(canvasElement).requests).toEqual([listed, `${post} → 503`, `${post} → 201`, listed]),
        long,
      );
      await expect(page.queryByRole('alert')).toBeNull();
    });
  },
};

/**
 * Press **Add** with an empty box: the API refuses it with HTTP 400 and its message for the field, shown
 * beside the box (`BadQuery`'s `fields`). Nothing was shown meanwhile, and nothing is fetched again.
 */
export const EmptyTitle: Story = {
  name: 'Empty title: the field’s error from the server',
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await loaded(canvasElement);
    const shown = recordStates(canvasElement, () => readPage(canvasElement));
    await userEvent.click(page.getByRole('button', { name: 'Add' }));
    const error = await page.findByRole('alert', {}, long);
    shown.stop();
    await expect(error).toHaveTextContent('This field may not be blank.');
    await expect(page.getByRole('textbox', { name: 'New todo' })).toHaveAccessibleDescription(
      'This field may not be blank.',
    );
    await expect(readPage(canvasElement).requests).toEqual([
      listed,
      'POST /api/demo/todos {"title":"","done":false} → 400',
    ]);
    // Nothing was shown meanwhile, and nothing was fetched again.
    await expect(shown.states.filter(({ todos }) => `${todos}` !== `${initial}`)).toEqual([]);
    await expect(readPage(canvasElement).todos).toEqual(initial);
  },
};
