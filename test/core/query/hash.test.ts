import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash20 } from '../../../src/core/query/hash';

// hash20 makes the last part of every key: identifier:app:name:<20 lowercase hex>.
describe('key format', () => {
  it('the hash is 20 lowercase hex characters for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        expect(hash20(input)).toMatch(/^[0-9a-f]{20}$/);
      }),
    );
    // Generating arbitrary code points is slow (1.5 s alone, 7 s beside the browser projects): not what is tested.
  }, 30_000);

  it('the hash does not collide on 50,000 near-identical inputs', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(hash20(`{"where":[{"path":"id","value":${i}}]}`));
    expect(seen.size).toBe(50_000);
  });
});
