import { describe, expect, it } from 'vitest';
import { ConfigurationError, defineModel } from '../../src/core/index';

describe('names that become part of keys', () => {
  describe.each(['app', 'name', 'plural'] as const)('defineModel refuses a bad %s', (field) => {
    it.each(['a:b', 'a b', '', 'café', 'a/b'])('%j', (bad) => {
      const options = { app: 'my_app', name: 'user', [field]: bad };
      expect(() => defineModel(options)).toThrow(ConfigurationError);
      expect(() => defineModel(options)).toThrow(`"${field}"`);
    });
  });

  it('a name that is not a string is a ConfigurationError, not a crash', () => {
    expect(() => defineModel({ app: 1n as never, name: 'user' })).toThrow(ConfigurationError);
    expect(() => defineModel({ app: 'a', name: undefined as never })).toThrow(/"name".*got undefined/);
  });

  it('plural defaults to name + "s"', () => {
    expect(defineModel({ app: 'my_app', name: 'user' }).plural).toBe('users');
  });
});
