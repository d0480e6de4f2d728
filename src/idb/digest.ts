// What a record keeps of the canonical query it answers, in place of the query itself (2 kB for a typical one):
// a 128-bit digest, checked where a hook first reads an entry loaded from disk, during render, so it must be
// synchronous and fast (about 1 µs for a 1 kB query; SHA-256 in JavaScript took 20 µs, 90 ms of a cold start
// of 500 entries). A record answers a query only if the key's 80-bit hash and this digest both match: two
// functions with nothing in common would have to collide at once (about 2^-208 for two given queries). It
// guards against accidents, as the key's hash does: a script of the same origin could write any record anyway.

/** Four lanes of 32 bits, each a multiply-rotate over pairs of UTF-16 code units, mixed together at the end. */
export function digest128(text: string): string {
  let a = 0x243f6a88 ^ text.length;
  let b = 0x85a308d3;
  let c = 0x13198a2e;
  let d = 0x03707344;
  const n = text.length;
  for (let i = 0; i < n; i += 2) {
    // An odd last unit is paired with 0x8000 (the length, in the seed, tells that apart from a real one).
    const unit = (text.charCodeAt(i) << 16) | (i + 1 < n ? text.charCodeAt(i + 1) : 0x8000);
    a = (Math.imul(rotl(a ^ unit, 13), 0xcc9e2d51) + 0x52dce729) | 0;
    b = (Math.imul(rotl(b ^ unit, 17), 0x1b873593) + 0x38495ab5) | 0;
    c = Math.imul(rotl((c + unit) | 0, 15), 0x85ebca77) ^ 0x7a3c2b1d;
    d = Math.imul(rotl((d + unit) | 0, 19), 0xc2b2ae3d) ^ 0x1f83d9ab;
  }
  // Every lane depends on every other, then each is finalised (murmur3's fmix32).
  a = fmix((a + b + c + d) | 0);
  b = fmix(b ^ a);
  c = fmix((c + b) | 0);
  d = fmix(d ^ c);
  a = fmix((a + d) | 0);
  return base64url([a, b, c, d]);
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 16 bytes of the four words, big-endian, in base64url without padding: 22 characters (no `btoa`, slow). */
function base64url(words: number[]): string {
  const bytes: number[] = [];
  for (const word of words) bytes.push(word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255);
  let out = '';
  for (let i = 0; i < 16; i += 3) {
    const triple = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[triple >>> 18]! + ALPHABET[(triple >>> 12) & 63]!;
    if (i + 1 < 16) out += ALPHABET[(triple >>> 6) & 63]! + ALPHABET[triple & 63]!;
  }
  return out;
}
