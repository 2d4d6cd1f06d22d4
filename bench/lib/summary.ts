/** Median, min and max of a series of measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the two middle values for an even count), min and max; zeros for no values. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}
