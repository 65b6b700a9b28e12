// Seeded randomness for the demo generator. Our own small PRNG (not Math.random) so that the same
// seed gives byte-identical data on every machine and run.

/** sfc32 seeded through splitmix32: small, fast and good enough for synthetic data (not crypto). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 15; i++) this.u32(); // let the state diverge from the seed
  }
  u32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float(): number {
    return this.u32() / 4294967296;
  }
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.float() * total;
    for (const [v, w] of items) if ((x -= w) < 0) return v;
    return (items[items.length - 1] as readonly [T, number])[0];
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (n: number): string => (HEX[(n >>> 8) & 255] as string) + (HEX[n & 255] as string);
const hex8 = (n: number): string => hex4(n >>> 16) + hex4(n & 0xffff);

/**
 * Version-7-shaped ids: 48-bit ms timestamp, a 12-bit counter in rand_a (RFC 9562 method 1) and
 * PRNG bits in rand_b. The timestamp/counter part grows with every id, so ids are in insertion
 * order and the primary-key B-trees are appended to rather than split at random (faster seeding).
 */
export class IdFactory {
  private readonly rng: Prng;
  private readonly baseMs: number;
  private counter: number;

  /** `start` offsets the counter so two factories on the same base never produce the same id. */
  constructor(rng: Prng, baseMs: number, start: number) {
    this.rng = rng;
    this.baseMs = baseMs;
    this.counter = start;
  }
  next(): string {
    const c = this.counter++;
    const ms = this.baseMs + Math.floor(c / 4096);
    const r1 = this.rng.u32();
    const r2 = this.rng.u32();
    return `${hex8(Math.floor(ms / 65536))}-${hex4(ms % 65536)}-${hex4(0x7000 | (c & 0xfff))}-${hex4(
      0x8000 | (r1 & 0x3fff),
    )}-${hex4(r1 >>> 16)}${hex8(r2)}`;
  }
}
