import { exponential } from './exponential'
import { betaDensity, logInverseBeta } from './incompleteBeta'
import { logarithm, power } from './portableMath'

/**
 * q^e for q in [0, 1] and e ≤ 1, in a third of `power`'s time. The logarithm's rounding, scaled by |e ln q| (at
 * most 29 ln 2 ≈ 20.1: the least uniform is 2^-33, so q ≥ 16 × 2^-33), bounds the relative error by about
 * 1e-14: far below the table's 1e-10.
 */
const tailPower = (q: number, e: number): number => exponential(logarithm(q) * e)

/** The probability in each tail that a tail table covers; the middle table covers the rest. */
const TAIL = 1 / 16
/** Pieces of the middle table (uniform in p) and of each tail table (uniform in the tail variable). */
const MIDDLE_PIECES = 1024
const TAIL_PIECES = 256

/** The exact quantile of Beta(a, b) at p, to build tables from. */
export type ExactBetaQuantile = (a: number, b: number, p: number) => number

/** A tabled beta quantile: one draw, or a column of uniforms mapped in place to lo + width * quantile. */
export interface BetaQuantileTable {
  readonly quantile: (p: number) => number
  readonly scaleColumn: (values: Float64Array, at: number, count: number, lo: number, width: number) => void
}

/**
 * The quantile of Beta(a, b) on [0, 1] from tables of cubic pieces: each piece is the cubic through two
 * exact quantiles with their exact slopes (Hermite). The middle, p in [1/16, 15/16], is tabled in p. The
 * lower tail is tabled in s = (16 p)^(1/a), and the upper in (16 (1 - p))^(1/b): near 0 the CDF grows like
 * x^a, so the quantile is smooth in s, where in p its slope is unbounded. A draw costs a lookup and a
 * cubic (and a power in the tails), where the exact quantile is a root search over the incomplete beta
 * function. `tests/math/betaQuantileTable.test.ts` measures the error against the exact quantile.
 * @param a - first shape, at least 1
 * @param b - second shape, at least 1
 * @param exact - the exact quantile, called 640 times to build the tables
 * @returns the quantile, p in (0, 1) to x in [0, 1], and its column form
 * @internal
 */
export const betaQuantileTable = (a: number, b: number, exact: ExactBetaQuantile): BetaQuantileTable => {
  const step = (1 - 2 * TAIL) / MIDDLE_PIECES
  const densityAB = betaDensity(a, b)
  const middle = hermitePieces(
    MIDDLE_PIECES,
    0,
    1,
    (i) => {
      // Above the median, the upper tail's form keeps the precision that 1 - x loses near 1.
      const p = TAIL + i * step
      const x = p > 0.5 ? 1 - exact(b, a, 1 - p) : exact(a, b, p)
      return [x, 1 / densityAB(x)]
    },
    step,
  )
  // The upper tail of Beta(a, b) is 1 minus the lower tail of Beta(b, a).
  const lower = tailPieces(a, b, exact, 1)
  const upper = tailPieces(b, a, exact, -1)
  const toMiddle = MIDDLE_PIECES / (1 - 2 * TAIL)
  const inverseA = 1 / a
  const inverseB = 1 / b
  const quantile = (p: number): number => {
    if (p < TAIL) return cubicAt(lower, TAIL_PIECES * (a === 1 ? p / TAIL : tailPower(p / TAIL, inverseA)))
    if (p > 1 - TAIL) {
      const q = (1 - p) / TAIL
      return cubicAt(upper, TAIL_PIECES * (b === 1 ? q : tailPower(q, inverseB)))
    }
    return cubicAt(middle, (p - TAIL) * toMiddle)
  }
  return {
    quantile,
    scaleColumn: (values, at, count, lo, width) => {
      for (let i = at, end = at + count; i < end; i++) values[i] = lo + width * quantile(values[i]!)
    },
  }
}

/**
 * The lower tail of Beta(shape, other) in s = (q / TAIL)^(1/shape), as x = origin + sign * y: y at s is the
 * exact quantile at q = TAIL s^shape, with dy/ds = (dy/dq)(dq/ds) = TAIL shape s^(shape - 1) / density(y).
 * At s = 0 the slope is the limit of y / s, since F(y) ~ y^shape / (shape B(shape, other)) there.
 */
const tailPieces = (shape: number, other: number, exact: ExactBetaQuantile, sign: 1 | -1): Float64Array => {
  const density = betaDensity(shape, other)
  const limit = power(TAIL * shape * exponential(-logInverseBeta(shape, other)), 1 / shape)
  const h = 1 / TAIL_PIECES
  return hermitePieces(
    TAIL_PIECES,
    sign === 1 ? 0 : 1,
    sign,
    (i) => {
      if (i === 0) return [0, limit]
      const s = i * h
      const y = exact(shape, other, TAIL * power(s, shape))
      return [y, (TAIL * shape * power(s, shape - 1)) / density(y)]
    },
    h,
  )
}

/**
 * Cubic pieces over `pieces` unit intervals, four coefficients each (c0 + t (c1 + t (c2 + t c3)), t in
 * [0, 1]), through knots `knot(i) = [y, dy/dz]` spaced `h` apart in z, mapped to origin + sign * y.
 */
const hermitePieces = (
  pieces: number,
  origin: number,
  sign: 1 | -1,
  knot: (i: number) => readonly [number, number],
  h: number,
): Float64Array => {
  const table = new Float64Array(4 * pieces)
  let [y0, slope0] = knot(0)
  for (let i = 0; i < pieces; i++) {
    const [y1, slope1] = knot(i + 1)
    const m0 = h * slope0
    const m1 = h * slope1
    table[4 * i] = origin + sign * y0
    table[4 * i + 1] = sign * m0
    table[4 * i + 2] = sign * (3 * (y1 - y0) - 2 * m0 - m1)
    table[4 * i + 3] = sign * (2 * (y0 - y1) + m0 + m1)
    y0 = y1
    slope0 = slope1
  }
  return table
}

/** The table's cubic at z, in piece floor(z) (the last piece for z at the end). */
const cubicAt = (table: Float64Array, z: number): number => {
  const last = (table.length >> 2) - 1
  const i = z < last ? z | 0 : last
  const t = z - i
  const k = 4 * i
  return table[k]! + t * (table[k + 1]! + t * (table[k + 2]! + t * table[k + 3]!))
}
