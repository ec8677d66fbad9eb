/**
 * The nearest-rank percentile: sort ascending and take the value at rank ⌈p/100 · n⌉ (1-based).
 * Chosen over interpolation because the answer is always a duration some incident really took,
 * and "p90 = X" then reads literally: at least 90% of the incidents took X or less. With fewer
 * than ten incidents the p90 is the slowest one, and the median of an even count is the lower
 * of the two middle values (10, 20, 30, 40 → 20). Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}
