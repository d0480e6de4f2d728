/**
 * A 20-hex-character (80-bit) hash of a string.
 *
 * Hand-written because keys are derived synchronously during React render,
 * where Web Crypto (async only) cannot be used, and because this runs on every
 * render of every `useQuery`. Four multiply-xor lanes over UTF-16 code units
 * (the cyrb53 scheme, widened), then cross-lane mixing. Not cryptographic:
 * cache entries keep their canonical query, so a collision is a miss, never
 * wrong data.
 */
export function hash20(input: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let h3 = 0x9e3779b9;
  let h4 = 0x85ebca6b;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    h3 = Math.imul(h3 ^ c, 2246822507);
    h4 = Math.imul(h4 ^ c, 3266489909);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h3 ^ (h3 >>> 13), 3266489909);
  h3 = Math.imul(h3 ^ (h3 >>> 16), 2246822507) ^ Math.imul(h4 ^ (h4 >>> 13), 3266489909);
  h4 = Math.imul(h4 ^ (h4 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex8(h1 ^ h4) + hex8(h2) + hex8(h3).slice(0, 4);
}

/** Two hex digits for every byte value. */
const BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Eight hex digits by table look-ups, faster than `Number#toString(16)` (bench/NOTES.md). */
function hex8(n: number): string {
  return BYTES[n >>> 24]! + BYTES[(n >>> 16) & 255]! + BYTES[(n >>> 8) & 255]! + BYTES[n & 255]!;
}
