/** z for a two-sided 95% interval. @internal */
export const Z95 = 1.959963984540054

/**
 * The Wilson score interval for a proportion: well-behaved near 0 and 1, unlike the normal one.
 * For a mean of probabilities in [0, 1] it is conservative, since their variance is at most p(1 - p).
 * @param share - the observed proportion
 * @param n - the number of trials
 * @param z - the normal quantile, 1.96 for 95%
 * @returns `[lo, hi]`
 * @example
 * import { wilsonInterval } from 'statecraft'
 * const [lo, hi] = wilsonInterval(0.5, 100)
 * lo.toFixed(4) // => '0.4038'
 * hi.toFixed(4) // => '0.5962'
 * @since 0.1.0
 */
export const wilsonInterval = (share: number, n: number, z: number = Z95): readonly [number, number] => {
  if (n <= 0) return [0, 1]
  const z2 = z * z
  const denominator = 1 + z2 / n
  const center = (share + z2 / (2 * n)) / denominator
  const half = (z * Math.sqrt(Math.max(0, share * (1 - share)) / n + z2 / (4 * n * n))) / denominator
  // At a share of exactly 0 or 1 the bound on that side is exactly 0 or 1; rounding must not move it.
  return [share <= 0 ? 0 : Math.max(0, center - half), share >= 1 ? 1 : Math.min(1, center + half)]
}
