/** The demo's records, as the backends hold them (no library import, so Node tests can use them too). */

export interface Person {
  id: number;
  name: string;
  team: string;
  age: number;
}

export const people: Person[] = [
  { id: 1, name: 'Ann', team: 'core', age: 31 },
  { id: 2, name: 'Bob', team: 'web', age: 17 },
  { id: 3, name: 'Cleo', team: 'core', age: 45 },
  { id: 4, name: 'Dan', team: 'web', age: 28 },
  { id: 5, name: 'Eve', team: 'ops', age: 39 },
];

export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export const todos: Todo[] = [
  { id: 1, title: 'Read the README', done: true },
  { id: 2, title: 'Try the stories', done: false },
  { id: 3, title: 'Write a todo app', done: false },
];
