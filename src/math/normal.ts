// Normal CDF and quantile with good relative accuracy in both tails. Pure math, below every layer.

import { exponential } from './exponential'
import { logarithm } from './portableMath'

/** A truncated normal must keep more than this probability mass. @internal */
export const MIN_TRUNCATED_MASS = 1e-12

/** The probability mass that truncating normal(mean, sd) to [lo, hi] keeps, computed on the small-tail side. @internal */
export const truncatedNormalMass = (mean: number, sd: number, lo: number, hi: number): number => {
  const flip = (lo - mean) / sd > 0
  const a = flip ? -(hi - mean) / sd : (lo - mean) / sd
  const b = flip ? -(lo - mean) / sd : (hi - mean) / sd
  return normalCdf(b) - normalCdf(a)
}

const SQRT_2PI = Math.sqrt(2 * Math.PI)

/** Standard normal density. @internal */
export const normalDensity = (x: number): number => exponential(-0.5 * x * x) / SQRT_2PI

/** Standard normal CDF: Marsaglia's series in the middle, Mills-ratio continued fraction in the tails. @internal */
export const normalCdf = (x: number): number => {
  if (Number.isNaN(x)) return Number.NaN
  if (x < -38) return 0
  if (x > 38) return 1
  if (x < -3) return normalDensity(x) * millsRatio(-x)
  if (x > 3) return 1 - normalDensity(x) * millsRatio(x)
  // Marsaglia (2004): Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/15 + ...)
  let term = x
  let sum = x
  const x2 = x * x
  for (let i = 3; i < 200; i += 2) {
    term *= x2 / i
    const next = sum + term
    if (next === sum) break
    sum = next
  }
  return 0.5 + normalDensity(x) * sum
}

/** Mills ratio (1 - Phi(t)) / phi(t) for t >= 3, by its continued fraction (modified Lentz). */
const millsRatio = (t: number): number => {
  // R(t) = 1 / (t + 1 / (t + 2 / (t + 3 / (t + ...))))
  const tiny = 1e-300
  let f = t
  let c = t
  let d = 0
  for (let k = 1; k < 500; k++) {
    d = t + k * d
    d = Math.abs(d) < tiny ? tiny : d
    c = t + k / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return 1 / f
}

// Acklam's coefficients, each its own constant: the JIT folds them into the code, where array elements
// would be loaded (and bounds-checked) on every call.
const A0 = -39.69683028665376
const A1 = 220.9460984245205
const A2 = -275.9285104469687
const A3 = 138.357751867269
const A4 = -30.66479806614716
const A5 = 2.506628277459239
const B0 = -54.47609879822406
const B1 = 161.5858368580409
const B2 = -155.6989798598866
const B3 = 66.80131188771972
const B4 = -13.28068155288572
const C0 = -0.007784894002430293
const C1 = -0.3223964580411365
const C2 = -2.400758277161838
const C3 = -2.549732539343734
const C4 = 4.374664141464968
const C5 = 2.938163982698783
const D0 = 0.007784695709041462
const D1 = 0.3224671290700398
const D2 = 2.445134137142996
const D3 = 3.754408661907416
const P_LOW = 0.02425

/** Acklam's rational function of the tails, at q = sqrt(-2 log p). */
const tail = (q: number): number =>
  (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1)

/**
 * Standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9):
 * fast enough for sampling, and far below Monte Carlo error.
 * @internal
 */
export const normalQuantileFast = (p: number): number => {
  if (p < P_LOW) return tail(Math.sqrt(-2 * logarithm(p)))
  if (p <= 1 - P_LOW) {
    const q = p - 0.5
    const r = q * q
    return (
      ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) /
      (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1)
    )
  }
  return -tail(Math.sqrt(-2 * logarithm(1 - p)))
}

/** Standard normal quantile to full precision: Acklam's start and one Halley step. @internal */
export const normalQuantile = (p: number): number => {
  if (!(p > 0)) return p === 0 ? Number.NEGATIVE_INFINITY : Number.NaN
  if (!(p < 1)) return p === 1 ? Number.POSITIVE_INFINITY : Number.NaN
  const x = normalQuantileFast(p)
  const e = p < 0.5 ? normalCdf(x) - p : 1 - p - (1 - normalCdf(x))
  const u = e * SQRT_2PI * exponential((x * x) / 2)
  return x - u / (1 + (x * u) / 2)
}
