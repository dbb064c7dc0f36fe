/** Summary statistics the soak prints. */

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** "p50 / p99 / max" of a series of milliseconds, rounded. */
export const spread = (values: readonly number[]): string =>
  values.length === 0 ? 'n/a' : `${Math.round(percentile(values, 50))} / ${Math.round(percentile(values, 99))} / ${Math.round(Math.max(...values))} ms`;
