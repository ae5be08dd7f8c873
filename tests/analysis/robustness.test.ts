import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { robustChoice, robustness } from '../../src/analysis/robustness'

const NaN_ = Number.NaN

describe('robustness', () => {
  // Trial:      0  1  2    3      best per trial: 3, 4, 2, 1
  // a:          3  1  2    –      regrets 0, 3, 0
  // b:          1  4  2    0      regrets 2, 0, 0, 1
  // c:          2  2  –    1      regrets 1, 2, 0
  const data = {
    options: ['a', 'b', 'c'],
    utilities: [Float64Array.of(3, 1, 2, NaN_), Float64Array.of(1, 4, 2, 0), Float64Array.of(2, 2, NaN_, 1)],
  }

  it('computes each statistic of a hand-solved 3 × 4 decision exactly', () => {
    expect(robustness(data, { threshold: 2 })).toEqual({
      // p90 is the ⌈0.9 · count⌉-th smallest regret: the 3rd of 3, the 4th of 4.
      a: { expected: 2, regret: { mean: 1, p90: 3, max: 3 }, satisficing: 2 / 3, feasible: 0.75 },
      b: { expected: 7 / 4, regret: { mean: 3 / 4, p90: 2, max: 2 }, satisficing: 0.5, feasible: 1 },
      c: { expected: 5 / 3, regret: { mean: 1, p90: 2, max: 2 }, satisficing: 2 / 3, feasible: 0.75 },
    })
  })

  it('uses threshold 0 by default, and keeps the data order of options', () => {
    const result = robustness(data)
    expect(Object.keys(result)).toEqual(['a', 'b', 'c'])
    expect(result['a']!.satisficing).toBe(1)
    expect(result['b']!.satisficing).toBe(1)
  })

  it('picks by each criterion, ties going to the first option', () => {
    const result = robustness(data, { threshold: 2 })
    expect(robustChoice(result, 'expected')).toBe('a')
    // max regret: a 3, b 2, c 2 → b (before c)
    expect(robustChoice(result, 'minimax-regret')).toBe('b')
    // satisficing: a 2/3, b 1/2, c 2/3 → a (before c)
    expect(robustChoice(result, 'satisficing')).toBe('a')
  })

  it('minimax regret can disagree with expected utility', () => {
    // strike: 20, 0 (mean 10, regrets 0, 12); wait: 0, 12 (mean 6, regrets 20, 0);
    // talk: 12, 7 (mean 9.5, regrets 8, 5)
    const result = robustness({
      options: ['strike', 'wait', 'talk'],
      utilities: [Float64Array.of(20, 0), Float64Array.of(0, 12), Float64Array.of(12, 7)],
    })
    expect(robustChoice(result, 'expected')).toBe('strike')
    expect(robustChoice(result, 'minimax-regret')).toBe('talk')
    expect(result['talk']!.regret).toEqual({ mean: 6.5, p90: 8, max: 8 })
  })

  it('takes the 90th percentile as the nearest-rank order statistic', () => {
    // Regrets of b against a are 1..10 in shuffled order: p90 is the 9th smallest, 9.
    const a = Float64Array.of(4, 10, 1, 7, 3, 9, 2, 8, 6, 5)
    const result = robustness({ options: ['a', 'b'], utilities: [a, new Float64Array(10)] })
    expect(result['b']!.regret).toEqual({ mean: 5.5, p90: 9, max: 10 })
    expect(result['a']!.regret).toEqual({ mean: 0, p90: 0, max: 0 })
  })

  it('reports a never-feasible option as NaN, and robustChoice passes it over', () => {
    const result = robustness({
      options: ['never', 'always'],
      utilities: [Float64Array.of(NaN_, NaN_), Float64Array.of(-1, -2)],
    })
    expect(result['never']).toEqual({
      expected: NaN_,
      regret: { mean: NaN_, p90: NaN_, max: NaN_ },
      satisficing: NaN_,
      feasible: 0,
    })
    expect(robustChoice(result, 'expected')).toBe('always')
    expect(robustChoice(result, 'minimax-regret')).toBe('always')
    expect(robustChoice(result, 'satisficing')).toBe('always')
    expect(robustChoice(robustness({ options: ['x'], utilities: [Float64Array.of(NaN_)] }), 'expected')).toBe(
      undefined,
    )
  })

  it('refuses malformed data and a NaN threshold', () => {
    expect(() => robustness({ options: ['a', 'b'], utilities: [Float64Array.of(1)] })).toThrow(RangeError)
    expect(() =>
      robustness({ options: ['a', 'a'], utilities: [Float64Array.of(1), Float64Array.of(2)] }),
    ).toThrow(RangeError)
    expect(() =>
      robustness({ options: ['a', 'b'], utilities: [Float64Array.of(1), Float64Array.of(2, 3)] }),
    ).toThrow(RangeError)
    expect(() => robustness(data, { threshold: NaN_ })).toThrow(RangeError)
  })

  it('regret ≥ 0, zero for a trial’s best option, shares in [0, 1] (fast-check prints its seed on failure)', () => {
    const utility = fc.oneof(
      { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(NaN_) },
    )
    const decision = fc
      .record({ k: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 30 }) })
      .chain(({ k, n }) =>
        fc.array(fc.array(utility, { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
      )
    fc.assert(
      fc.property(decision, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (utilities, threshold) => {
        const columns = utilities.map((column) => Float64Array.from(column))
        const options = columns.map((_, o) => `o${o}`)
        const result = robustness({ options, utilities: columns }, { threshold })
        for (const [o, stats] of Object.values(result).entries()) {
          const column = columns[o]!
          expect(stats.feasible).toBeGreaterThanOrEqual(0)
          expect(stats.feasible).toBeLessThanOrEqual(1)
          if (column.every(Number.isNaN)) continue
          expect(stats.regret.mean).toBeGreaterThanOrEqual(0)
          expect(stats.regret.p90).toBeGreaterThanOrEqual(0)
          expect(stats.regret.p90).toBeLessThanOrEqual(stats.regret.max)
          expect(stats.satisficing).toBeGreaterThanOrEqual(0)
          expect(stats.satisficing).toBeLessThanOrEqual(1)
        }
        // In each trial on its own, the option with the highest utility has regret exactly 0.
        for (let t = 0; t < columns[0]!.length; t++) {
          const slice = columns.map((column) => column.subarray(t, t + 1))
          let best = -1
          for (const [o, column] of slice.entries())
            if (!Number.isNaN(column[0]!) && (best < 0 || column[0]! > slice[best]![0]!)) best = o
          if (best < 0) continue
          const stats = robustness({ options, utilities: slice })
          expect(stats[`o${best}`]!.regret.max).toBe(0)
          for (const s of Object.values(stats))
            if (s.feasible === 1) expect(s.regret.max).toBeGreaterThanOrEqual(0)
        }
      }),
    )
  })
})
