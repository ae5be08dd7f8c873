import { describe, expect, it } from 'vitest'
import { betaQuantileTable } from '../../src/math/betaQuantileTable'
import { type Distribution, distribution } from '../../src/random/distribution'

/** The exact quantile by root search; above the median by the mirrored law, which keeps 1 - x's precision. */
const exact = (a: number, b: number, p: number): number =>
  p > 0.5 ? 1 - law(b, a).quantile(1 - p) : law(a, b).quantile(p)
const laws = new Map<string, Distribution>()
const law = (a: number, b: number): Distribution => {
  const key = `${a} ${b}`
  if (!laws.has(key)) laws.set(key, distribution({ beta: [a, b] }))
  return laws.get(key)!
}

// PERT's shapes run from 1 to 5; the grid takes both ends, values just inside them, and values between.
const SHAPES = [1, 1.01, 1.5, 2, 2.7, 3.7, 4.99, 5]
// The middle (uniform in p), both tails, the edges between them, and the extreme uniforms Alea gives.
const PROBABILITIES = [
  ...Array.from({ length: 199 }, (_, i) => (i + 0.5) / 199),
  ...Array.from({ length: 40 }, (_, i) => (i + 0.37) / 640),
  ...Array.from({ length: 40 }, (_, i) => 1 - (i + 0.37) / 640),
  1 / 16 - 1e-12,
  1 / 16 + 1e-12,
  15 / 16 - 1e-12,
  15 / 16 + 1e-12,
  2 ** -33,
  1e-7,
  1 - 1e-7,
  1 - 2 ** -33,
]

describe('betaQuantileTable', () => {
  for (const a of SHAPES)
    for (const b of SHAPES)
      it(`Beta(${a}, ${b}): within 1e-10 of the exact quantile, and nondecreasing`, () => {
        const table = betaQuantileTable(a, b, exact)
        let worst = 0
        let at = 0
        for (const p of PROBABILITIES) {
          const error = Math.abs(table.quantile(p) - exact(a, b, p))
          if (error > worst) [worst, at] = [error, p]
        }
        expect(worst, `worst at p = ${at}`).toBeLessThanOrEqual(1e-10)
        let previous = 0
        for (let i = 1; i < 20_000; i++) {
          const x = table.quantile(i / 20_000)
          expect(x, `at p = ${i / 20_000}`).toBeGreaterThanOrEqual(previous)
          previous = x
        }
      })

  it('maps a column in place exactly as the quantile maps each value', () => {
    const table = betaQuantileTable(2.5, 1.5, exact)
    const values = Float64Array.from({ length: 300 }, (_, i) => (i + 0.5) / 300)
    const expected = Array.from(values, (p) => 3 + 4 * table.quantile(p))
    table.scaleColumn(values, 0, values.length, 3, 4)
    expect(Array.from(values)).toEqual(expected)
  })
})
