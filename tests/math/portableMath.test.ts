import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import ts from 'typescript'
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
  it("logGamma in stdlib's two known bands, [0.19, 0.23) and [1.19, 1.23), within 3e-15", () => {
    // Its intervals split at other points than fdlibm's there, so the relative error reaches hundreds of
    // units in the last place; the absolute error stays near 2e-15. References: mpmath at 40 digits, rounded.
    const reference: ReadonlyArray<readonly [number, number]> = [
      [0.2, 1.5240638224307845],
      [1.2, -0.08537409000331583],
      [1.21, -0.08820136510469108],
    ]
    for (const [x, value] of reference) expect(Math.abs(logGamma(x) - value), `x = ${x}`).toBeLessThan(3e-15)
  })
})

describe('power at the special values', () => {
  // Where ECMAScript fixes the value of `**` (zeros, infinities, NaN, ±1, and exact integer powers), power
  // gives it exactly: stdlib's pow alone gave -1 for (-1)^1e308, 1e-108 for (-0)^(1/3), NaN for (-∞)^0.5
  // and for NaN^0, and 1 for 1^±∞.
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
  // Every function whose last bit the runtimes may round differently goes through src/math. Read on the
  // syntax tree: `Math` may appear only as `Math.name` with a name whose result IEEE 754 or ECMAScript
  // fixes exactly, and `**` only as `2 ** n` with n an integer literal (a power of two, exact).
  const EXACT = new Set(['sqrt', 'abs', 'min', 'max', 'floor', 'ceil', 'round', 'trunc', 'sign', 'fround'])
  const CONSTANTS = new Set(['PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2'])
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
    })
  const integerLiteral = (node: ts.Node): boolean => {
    const literal =
      ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken ? node.operand : node
    return ts.isNumericLiteral(literal) && /^\d+$/.test(literal.text)
  }
  /** Each use of `Math` or `**` in a source text that could round differently between runtimes. */
  const runtimeDependent = (file: string, text: string): string[] => {
    const found: string[] = []
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
    const report = (node: ts.Node) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
      found.push(`${file}:${line + 1}: ${node.getText(source)}`)
    }
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === 'Math') {
        const parent = node.parent
        const allowed =
          ts.isPropertyAccessExpression(parent) &&
          parent.expression === node &&
          (EXACT.has(parent.name.text) || CONSTANTS.has(parent.name.text))
        if (!allowed) report(parent)
      }
      if (
        ts.isBinaryExpression(node) &&
        (node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken ||
          node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken) &&
        !(
          node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken &&
          ts.isNumericLiteral(node.left) &&
          node.left.text === '2' &&
          integerLiteral(node.right)
        )
      )
        report(node)
      ts.forEachChild(node, visit)
    }
    visit(source)
    return found
  }

  it('calls no runtime elementary function and no ** but 2 ** n', () => {
    const found = files('src').flatMap((file) => runtimeDependent(file, readFileSync(file, 'utf8')))
    expect(found).toEqual([])
  })

  it('would find each way of reaching one', () => {
    const caught = [
      'const a = Math.log(x)',
      "const b = Math['exp'](x)",
      'const { sin } = Math',
      'const M = Math',
      'const c = Math?.log1p(x)',
      'const d = Math\n  .pow(x, 2)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const e = `${Math.log2(x)}`',
      "const f = '//' + Math.cbrt(x)",
      'const g = x ** 2',
      'const h = 1.2 ** 3',
      'const i = 2 ** 0.5',
      'let j = 2; j **= 3',
      'const k = 2 ** n',
    ]
    for (const text of caught) expect(runtimeDependent('t.ts', text), text).toHaveLength(1)
    const passed = ['const a = Math.sqrt(x) + Math.max(x, 1) + Math.PI', 'const b = 2 ** 53 + 2 ** -33']
    for (const text of passed) expect(runtimeDependent('t.ts', text), text).toEqual([])
  })
})
