/**
 * Returns a mulberry32 generator: a 32-bit seeded PRNG whose calls return uniform numbers in [0, 1).
 * The same seed always yields the same sequence, so fixture weights are reproducible.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded random numbers for fixture weights and feeds. */
export class SeededRandom {
  private readonly nextUniform: () => number;

  constructor(seed: number) {
    this.nextUniform = mulberry32(seed);
  }

  /** Returns a uniform number in [0, 1). */
  next(): number {
    return this.nextUniform();
  }

  /** Returns a uniform number in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextUniform();
  }

  /** Returns a uniform integer in [low, high). */
  integer(low: number, high: number): number {
    return low + Math.floor((high - low) * this.nextUniform());
  }

  /** Returns a standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.nextUniform();
    const v = this.nextUniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Returns `count` normal samples with mean 0 and standard deviation `std`. */
  normalArray(count: number, std: number): Float32Array {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = this.normal() * std;
    return values;
  }

  /** Returns `count` uniform samples in [low, high). */
  uniformArray(count: number, low: number, high: number): Float32Array {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = this.uniform(low, high);
    return values;
  }
}
