// The elementary functions every number statecraft reports passes through, written in IEEE arithmetic
// only, so that Node, Deno and Bun give the same bits. Their own `Math.log`, `Math.log1p`, `Math.expm1`,
// `Math.sin` and `**` differ in the last bit for some arguments (each engine has its own libm, and V8's
// changed between versions); a sampler or a table built on them gave runs whose JSON differed between
// runtimes. `Math.sqrt` and the four operations are exactly rounded by the standard and stay. e^x is
// `exponential`, the library's own, which is faster than these. The rest come from stdlib, whose
// functions are ports of FreeBSD's msun (fdlibm) to plain JavaScript, bundled into dist at pinned versions
// so that an install cannot change their bits. On ordinary arguments they are within 0.8 units in the last
// place. Known exceptions, each the same in every runtime: pow for a base within 2^-21 of 1 with an
// exponent beyond 2^31 (hundreds of units, as fdlibm's, and Node's own `**`); pow's results below the least
// subnormal (0, not 5e-324); gammaln on [0.19, 0.23) and [1.19, 1.23) (up to 356 units, about 2e-15
// absolute); and expm1 overflows at its largest finite argument.
import stdlibExpm1 from '@stdlib/math-base-special-expm1'
import stdlibGammaln from '@stdlib/math-base-special-gammaln'
import stdlibLn from '@stdlib/math-base-special-ln'
import stdlibLog1p from '@stdlib/math-base-special-log1p'
import stdlibPow from '@stdlib/math-base-special-pow'

/**
 * The natural logarithm, the same bits in every runtime.
 * @param x - any number
 * @returns ln x; -Infinity at 0, NaN below 0
 * @internal
 */
export const logarithm: (x: number) => number = stdlibLn

/**
 * ln(1 + x), accurate for small x, the same bits in every runtime.
 * @param x - any number
 * @returns ln(1 + x); -Infinity at -1, NaN below -1
 * @internal
 */
export const logarithmOnePlus: (x: number) => number = stdlibLog1p

/**
 * e^x - 1, accurate for small x, the same bits in every runtime.
 * @param x - any number
 * @returns e^x - 1
 * @internal
 */
export const exponentialMinusOne: (x: number) => number = stdlibExpm1

/** Whether y is an odd integer (every double from 2^53 up is even). */
const isOddInteger = (y: number): boolean => Math.abs(y) < 2 ** 53 && Number.isInteger(y) && y % 2 !== 0

/**
 * x^y with `**`'s values at every special case, the same bits in every runtime. stdlib's pow is used for
 * a base that is positive, +0, +∞ or NaN only: for negative bases it gave wrong values (-1 to the power
 * 1e308 gave -1, -0 to the power 1/3 gave 1e-108), and two of its special values are not ECMAScript's
 * (NaN^0 gave NaN, where `**` gives 1; 1^±∞ gave 1, where `**` gives NaN). A negative base takes |x|^y,
 * negated for an odd integer y; a finite negative base with a finite non-integer exponent gives NaN.
 * @param x - the base
 * @param y - the exponent
 * @returns x^y
 * @internal
 */
export const power = (x: number, y: number): number => {
  if (y === 0) return 1
  if (Math.abs(x) === 1 && Math.abs(y) === Number.POSITIVE_INFINITY) return Number.NaN
  if (!(x < 0 || Object.is(x, -0))) return stdlibPow(x, y)
  if (x < 0 && x > Number.NEGATIVE_INFINITY && Number.isFinite(y) && !Number.isInteger(y)) return Number.NaN
  const magnitude = stdlibPow(-x, y)
  return isOddInteger(y) ? -magnitude : magnitude
}

/**
 * ln |Γ(x)|, the same bits in every runtime.
 * @param x - any number
 * @returns ln |Γ(x)|; Infinity at 0 and the negative integers
 * @internal
 */
export const logGamma: (x: number) => number = stdlibGammaln
