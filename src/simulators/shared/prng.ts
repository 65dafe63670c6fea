/**
 * Seeded randomness for the simulators. Every record is derived from
 * (seed, record index, stream), so any single record can be regenerated on
 * its own without walking the whole dataset, and the same seed always gives
 * the same bytes.
 */

const TWO_32 = 4294967296;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3 (x86, 32-bit) over 32-bit words: a well-mixed key from a few integers. */
export function hash32(...parts: number[]): number {
  let h = 0x9747b28c;
  for (const part of parts) {
    let k = Math.imul(part | 0, 0xcc9e2d51);
    k = rotl(k, 15);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= parts.length * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by the given integers: for "does this record get fault X" decisions. */
export function unitHash(...parts: number[]): number {
  return hash32(...parts) / TWO_32;
}

/** Small fast PRNG (mulberry32); one instance per record and stream. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Index chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A string of `length` decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(10));
    return out;
  }
}

/**
 * A fixed pseudo-random visiting order of 0..size-1 (k ↦ (a·k + b) mod size with
 * a coprime to size): picks distinct records deterministically, and a prefix of
 * the order is stable when the count grows.
 */
export class Scatter {
  private readonly a: number;
  private readonly b: number;

  constructor(
    private readonly size: number,
    salt: number,
  ) {
    if (size < 1) throw new Error('Scatter needs size >= 1');
    let a = (hash32(salt, size) % size) | 1;
    while (gcd(a, size) !== 1) a = (a + 2) % size || 1;
    this.a = a;
    this.b = hash32(salt, size, 1) % size;
  }

  at(k: number): number {
    return (this.a * (k % this.size) + this.b) % this.size;
  }
}

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
