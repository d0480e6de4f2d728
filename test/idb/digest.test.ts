import { describe, expect, it } from 'vitest';
import { digest128 } from '../../src/idb/digest';
import { hash20 } from '../../src/core/query/hash';

// The digest a record keeps of its query: 128 bits, checked with the key's own 80-bit hash. What matters is
// that different queries get different digests, including the near-identical ones canonical forms are.

describe('digest128', () => {
  it('is 22 base64url characters, the same for the same text', () => {
    const digest = digest128('{"action":"list"}');
    expect(digest).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(digest128('{"action":"list"}')).toBe(digest);
  });

  it('is pinned: records written by this version are read by the next (a change needs a new record version)', () => {
    expect(digest128('abc')).toBe('honodcwp1yIGONf9tKuqbA');
    expect(digest128('')).toBe(digest128(''));
    expect(digest128('{"action":"count"}')).not.toBe(digest128('{"action":"list"}'));
  });

  it('tells apart 200,000 texts that differ in one character, one place, or their length', () => {
    const base = `{"where":[${'{"lookup":"eq","path":"name","value":"x"},'.repeat(20)}]}`;
    const seen = new Set<string>();
    const texts: string[] = [];
    for (let i = 0; i < 100_000; i++) texts.push(`${base}${i}`, `${i}${base}`);
    texts.push('', '\u0000', '\u8000', 'ab', 'ab\u8000', 'ab\u0000', 'ba');
    for (const text of texts) seen.add(digest128(text));
    expect(seen.size).toBe(texts.length);
  });

  it('is unrelated to the key hash: texts whose key hashes share 20 bits share no 42 bits of digest', () => {
    // Texts grouped by 5 hex digits (20 bits) of their key hash: no two in a group share 7 characters of digest.
    const byKey = new Map<string, string>();
    let sharedKeyBits = 0;
    for (let i = 0; i < 300_000; i++) {
      const text = `q${i}`;
      const prefix = hash20(text).slice(0, 5);
      const other = byKey.get(prefix);
      if (other !== undefined) {
        sharedKeyBits++;
        expect(digest128(text).slice(0, 7)).not.toBe(digest128(other).slice(0, 7));
      } else byKey.set(prefix, text);
    }
    expect(sharedKeyBits).toBeGreaterThan(100);
  });
});
