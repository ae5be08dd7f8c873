import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  exponentialMinusOne,
  logarithm,
  logarithmOnePlus,
  logGamma,
  power,
} from '../../src/math/portableMath'

/** How many doubles lie between a and b (0 when equal): the distance in units in the last place. */
const ulpsApart = (a: number, b: number): number => {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0
  const view = new DataView(new ArrayBuffer(16))
  view.setFloat64(0, a)
  view.setFloat64(8, b)
  // Doubles of one sign are ordered as their bit patterns; the functions checked never change sign.
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)))
}

// Each function and the runtime's own differ by at most 2 units in the last place: each is within one of
// the exact value (stdlib's measured within 0.8 against 80-digit decimal arithmetic; the runtime's, fdlibm in
// V8, as close). A function wired to the wrong argument or the wrong library fails by far more.
const positive = fc.double({ min: 2 ** -1022, max: 1e300, noNaN: true })
const small = fc.double({ min: -0.999, max: 10, noNaN: true })
describe('the portable functions agree with the runtime within 2 units in the last place', () => {
  it('logarithm', () => {
    fc.assert(
      fc.property(positive, (x) => ulpsApart(logarithm(x), Math.log(x)) <= 2),
      { seed: 5 },
    )
  })
  it('logarithmOnePlus', () => {
    fc.assert(
      fc.property(small, (x) => ulpsApart(logarithmOnePlus(x), Math.log1p(x)) <= 2),
      { seed: 5 },
    )
  })
  it('exponentialMinusOne', () => {
    const x = fc.double({ min: -700, max: 700, noNaN: true })
    fc.assert(
      fc.property(x, (v) => ulpsApart(exponentialMinusOne(v), Math.expm1(v)) <= 2),
      { seed: 5 },
    )
  })
  it('power, for a positive base', () => {
    const base = fc.double({ min: 1e-3, max: 1e3, noNaN: true })
    const exponent = fc.double({ min: -40, max: 40, noNaN: true })
    fc.assert(
      fc.property(base, exponent, (x, y) => ulpsApart(power(x, y), x ** y) <= 2),
      { seed: 5 },
    )
  })
  it('logGamma, at values known to the last digit', () => {
    // ln Γ(1/2) = ln √π; ln Γ(n) = ln (n - 1)!, the factorials exact as doubles up to 22!.
    expect(ulpsApart(logGamma(0.5), 0.5723649429247001)).toBeLessThanOrEqual(1)
    expect(logGamma(1)).toBe(0)
    expect(logGamma(2)).toBe(0)
    let factorial = 1
    for (let n = 3; n <= 23; n++) {
      factorial *= n - 1
      expect(ulpsApart(logGamma(n), Math.log(factorial)), `n = ${n}`).toBeLessThanOrEqual(2)
    }
  })
})

describe('power at the special values', () => {
  // Where ECMAScript fixes the value of `**` (zeros, infinities, NaN, ±1, and integer powers that are exact),
  // power gives it exactly: stdlib's pow alone gave -1 for (-1)^1e308, 1e-108 for (-0)^(1/3) and NaN for
  // (-∞)^0.5, and C's values for x^±0 and ±1^±∞.
  const values = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    2,
    -2,
    3,
    -3,
    1 / 3,
    -1 / 3,
    1.5,
    -1.5,
    1e-320,
    -1e-320,
    1e308,
    -1e308,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    2 ** 53,
    -(2 ** 53),
    2 ** 53 + 2,
    1e300,
    -1e300,
    2 ** -1074,
    5,
    -7,
  ]
  const specified = (x: number, y: number, value: number): boolean =>
    !Number.isFinite(value) ||
    value === 0 ||
    Math.abs(value) === 1 ||
    (Number.isInteger(x) && Number.isInteger(y) && y > 0 && Math.abs(value) < 2 ** 53)
  it('equals ** wherever its value is exact', () => {
    let checked = 0
    for (const x of values)
      for (const y of values) {
        const expected = x ** y
        if (!specified(x, y, expected)) continue
        checked++
        expect(Object.is(power(x, y), expected), `${x} ^ ${y}: ${power(x, y)}, not ${expected}`).toBe(true)
      }
    expect(checked).toBeGreaterThan(500)
  })
  it('is within 2 units in the last place of ** elsewhere, negative bases included', () => {
    for (const x of values)
      for (const y of values) {
        const expected = x ** y
        if (Number.isFinite(expected) && expected !== 0)
          expect(ulpsApart(power(x, y), expected), `${x} ^ ${y}`).toBeLessThanOrEqual(2)
      }
  })
})

describe('the source', () => {
  // Every function whose last bit the runtimes may round differently goes through src/math. `2 ** n` with
  // an integer literal n is exact in every runtime, and Math.sqrt, abs, min, max, floor, ceil and round are
  // exact by the standard.
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
    })
  const code = (text: string): string =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
      .replace(/\/\/.*$/gm, '')
      .replace(/`[^`]*`|'[^'\n]*'/g, "''")
  const RUNTIME_MATH =
    /Math\.(log|log1p|log2|log10|exp|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/
  it('calls no runtime elementary function and no ** but 2 ** n', () => {
    const found: string[] = []
    for (const file of files('src')) {
      code(readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          const power = line.replace(/\b2 \*\* -?\d+\b/g, '2')
          if (RUNTIME_MATH.test(line) || power.includes('**')) found.push(`${file}:${i + 1}: ${line.trim()}`)
        })
    }
    expect(found).toEqual([])
  })
})
