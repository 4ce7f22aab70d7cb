// Money in the demo is counted in integer cents (exact for every sum it makes) and written out as the
// decimal strings the records carry.

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`${cents} is not a whole number of cents`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** `cents × basisPoints / 10000`, rounded half up: 6.25 % tax is 625 basis points. */
export function percentOf(cents: number, basisPoints: number): number {
  return Math.round((cents * basisPoints) / 10_000);
}
