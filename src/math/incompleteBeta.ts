// The regularised incomplete beta function, for beta and PERT CDFs.

import { exponential } from './exponential'
import { logarithm, logarithmOnePlus, logGamma } from './portableMath'

/** Continued fraction of the incomplete beta (modified Lentz). */
const betaFraction = (a: number, b: number, x: number): number => {
  const tiny = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  d = Math.abs(d) < tiny ? tiny : d
  d = 1 / d
  let h = d
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    d = Math.abs(d) < tiny ? tiny : d
    c = 1 + aa / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    d = Math.abs(d) < tiny ? tiny : d
    c = 1 + aa / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 3e-16) break
  }
  return h
}

/** log(1 / B(a, b)), as `incompleteBeta` computes it: pass it in to save three log-gammas per call. @internal */
export const logInverseBeta = (a: number, b: number): number => logGamma(a + b) - logGamma(a) - logGamma(b)

/** The density of Beta(a, b) on [0, 1], its log-scale computed once. @internal */
export const betaDensity = (a: number, b: number): ((x: number) => number) => {
  const logScale = logInverseBeta(a, b)
  return (x) => exponential(logScale + (a - 1) * logarithm(x) + (b - 1) * logarithmOnePlus(-x))
}

/** Regularised incomplete beta I_x(a, b). @internal */
export const incompleteBeta = (x: number, a: number, b: number, logScale = logInverseBeta(a, b)): number => {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = exponential(logScale + a * logarithm(x) + b * logarithmOnePlus(-x))
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a
  return 1 - (front * betaFraction(b, a, 1 - x)) / b
}
