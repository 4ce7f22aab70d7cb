// A small seeded random generator for property and fuzz tests: the same seed gives the same run, so a
// failure can be replayed from the seed it prints.

/** mulberry32: small, fast and good enough to pick cases reproducibly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
    /** An amount of money from 0 to `max`, in cents. */
    money: (max: number) => Math.round(next() * max * 100) / 100,
  };
}
