import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exponential } from '../../src/math/exponential'

// The reference: e^x in exact BigInt arithmetic, 200 fraction bits, for a double x.
const BITS = 200n
const ONE = 1n << BITS
/** ln 2 = 2 atanh(1/3) = 2 Σ 3^-(2n+1) / (2n + 1), with 32 guard bits. */
const LN2 = (() => {
  const one = 1n << (BITS + 32n)
  let sum = 0n
  let power = one / 3n
  for (let n = 0n; power > 0n; n++) {
    sum += power / (2n * n + 1n)
    power /= 9n
  }
  return (2n * sum) >> 32n
})()

/**
 * e^x as e^r × 2^k, with e^r in fixed point (x = k ln 2 + r, |r| ≤ ln 2): Taylor's series to the last bit.
 * k stops at 1023, where 2^k is the last power of two that is a double.
 */
const exact = (x: number): { readonly mantissa: bigint; readonly k: number } => {
  const k = Math.min(1023, Math.round(x / Math.LN2))
  const scaled = x * 2 ** 200 // exact: a power of two
  const r = BigInt(Number.isInteger(scaled) ? scaled : Math.round(scaled)) - BigInt(k) * LN2
  let sum = ONE
  let term = ONE
  for (let i = 1n; term !== 0n; i++) {
    term = (term * r) / (i << BITS)
    sum += term
  }
  return { mantissa: sum, k }
}

/** exponential(x)'s error in units in the last place of its result, for a normal result. */
const errorInUlps = (x: number): number => {
  const { mantissa, k } = exact(x)
  const y = exponential(x) / 2 ** k // exact: a power of two, and y is normal
  const difference = BigInt(y * 2 ** 200) - mantissa
  const ulp = y >= 1 ? 2 ** -52 : 2 ** -53
  return Math.abs(Number(difference) / 2 ** 200) / ulp
}

let state = 20261121
const uniform = (): number => {
  state = (state * 16807) % 2147483647
  return state / 2147483647
}

// Normal results: e^x ≥ 2^-1022 for x ≥ -708.39, finite for x ≤ 709.78.
const LOWEST_NORMAL = -708.39
const HIGHEST = 709.78

describe('exponential', () => {
  // The bound: the final addition rounds once (0.5), and what comes before it errs by under 0.01: the
  // reduction, the truncated series (r^6 / 720 < 2^-60), and the rounding of the terms below the leading one.
  it('is within 0.51 units in the last place over the whole normal range, where logit weights fall, and near the ends', () => {
    // A quarter each: the whole range, [-40, 0], and the two ends, which take their own paths.
    const ranges = [
      [LOWEST_NORMAL, HIGHEST],
      [-40, 0],
      [LOWEST_NORMAL, -708],
      [708, HIGHEST],
    ] as const
    let worst = 0
    let at = 0
    for (let i = 0; i < 20_000; i++) {
      const [lo, hi] = ranges[i % 4]!
      const x = lo + uniform() * (hi - lo)
      const error = errorInUlps(x)
      if (error > worst) [worst, at] = [error, x]
    }
    expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(0.51)
    // The measure is live: even a correctly rounded e^x errs by almost 0.5 somewhere among 20,000 arguments.
    expect(worst).toBeGreaterThan(0.5)
  })

  it('is within 0.51 units in the last place for arbitrary doubles (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: LOWEST_NORMAL, max: HIGHEST, noNaN: true }),
        (x) => errorInUlps(x) <= 0.51,
      ),
      { numRuns: 2_000 },
    )
  })

  it('is exact where e^x is: 1 at ±0, Infinity, 0 and NaN at the special values', () => {
    expect(exponential(0)).toBe(1)
    expect(exponential(-0)).toBe(1)
    expect(exponential(1e-300)).toBe(1)
    expect(exponential(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(exponential(Number.NEGATIVE_INFINITY)).toBe(0)
    expect(exponential(Number.NaN)).toBeNaN()
  })

  it('overflows and underflows where e^x leaves the doubles', () => {
    // e^709.782712893384 is just below the largest double; the next double up is just above it.
    expect(exponential(709.782712893384)).toBe(1.7976931348622732e308)
    expect(exponential(709.7827128933841)).toBe(Number.POSITIVE_INFINITY)
    expect(exponential(800)).toBe(Number.POSITIVE_INFINITY)
    // e^-745.1332191019411 rounds up to the least subnormal, e^-745.1332191019412 down to 0.
    expect(exponential(-745.1332191019411)).toBe(5e-324)
    expect(exponential(-745.1332191019412)).toBe(0)
    expect(exponential(-1000)).toBe(0)
  })

  it('is within one unit of 2^-1074 for subnormal results', () => {
    for (let i = 0; i < 2_000; i++) {
      const x = -745.13 + uniform() * (745.13 + LOWEST_NORMAL)
      const { mantissa, k } = exact(x)
      // e^x in units of 2^-1074: mantissa × 2^(k + 1074 - 200).
      const units =
        Number(mantissa >> BigInt(200 - 1074 - k)) +
        Number(mantissa % (1n << BigInt(200 - 1074 - k))) / 2 ** (200 - 1074 - k)
      expect(Math.abs(exponential(x) / 2 ** -1074 - units), `x = ${x}`).toBeLessThanOrEqual(1)
    }
  })
})
