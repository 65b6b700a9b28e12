// `npm run soak` runs the randomized sync tests much longer than `npm test` does (SOAK=<factor>).
export function soak(base: number): number {
  const factor = Number(process.env['SOAK'] ?? 1);
  return Number.isFinite(factor) && factor > 1 ? Math.round(base * factor) : base;
}
