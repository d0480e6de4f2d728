import { expect, it } from 'vitest';

it('runs in a real Chromium with IndexedDB', () => {
  expect(navigator.userAgent).toContain('Chrome');
  expect(typeof indexedDB.open).toBe('function');
});
