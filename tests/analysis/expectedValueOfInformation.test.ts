import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DecisionData } from '../../src/analysis/decisionData'
import { expectedValueOfInformation } from '../../src/analysis/expectedValueOfInformation'
import { inputStream } from '../../src/random/blockStream'
import { distribution } from '../../src/random/distribution'

// Hand-solved decisions: each expected value is derived in the comment beside it, and sampled estimates
// are compared with it within 4 standard errors computed from the same sample.

const N = 200_000

const draw = (spec: Parameters<typeof distribution>[0], input: string, n = N): Float64Array => {
  const d = distribution(spec)
  const random = inputStream('voi', 0, input)
  const xs = new Float64Array(n)
  for (let i = 0; i < n; i++) xs[i] = d.sample(random)
  return xs
}

const map = (xs: Float64Array, f: (x: number) => number): Float64Array => xs.map(f)

/** The sample mean of f over xs and its standard error. */
const meanAndError = (xs: Float64Array, f: (x: number) => number): { mean: number; error: number } => {
  let sum = 0
  let squares = 0
  for (const x of xs) {
    const y = f(x)
    sum += y
    squares += y * y
  }
  const mean = sum / xs.length
  const variance = (squares - xs.length * mean * mean) / (xs.length - 1)
  return { mean, error: Math.sqrt(variance / xs.length) }
}

describe('expectedValueOfInformation', () => {
  const x = draw({ normal: [0, 1] }, 'x')
  const z = draw({ normal: [0, 1] }, 'z')
  const normalDecision: DecisionData = {
    options: ['go', 'stay'],
    utilities: [x, new Float64Array(N)],
    inputs: { x, z },
  }

  it('go = x, stay = 0 with x ~ N(0, 1): EVPI = E[max(x, 0)] = 1/√(2π)', () => {
    const result = expectedValueOfInformation(normalDecision)
    const { error } = meanAndError(x, (v) => Math.max(v, 0))
    expect(Math.abs(result.evpi - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(4 * error)
    expect(result.trials).toBe(N)
    // The baseline is the option with the higher sample mean, and perfect − baseline = EVPI.
    const meanX = x.reduce((a, b) => a + b, 0) / N
    expect(result.baseline.option).toBe(meanX > 0 ? 'go' : 'stay')
    expect(result.perfect - result.baseline.expectedUtility).toBeCloseTo(result.evpi, 12)
  })

  it('EVPPI of the input that decides is EVPI; of an irrelevant one, 0', () => {
    const result = expectedValueOfInformation(normalDecision)
    expect(Math.abs(result.evppi['x']! - result.evpi)).toBeLessThan(0.01)
    expect(result.evppi['z']!).toBeLessThan(0.01)
    expect(result.evppi['z']!).toBeGreaterThanOrEqual(0)
    expect(result.evppi['x']!).toBeLessThanOrEqual(result.evpi)
    expect(result.method).toContain('50 quantile bins')
  })

  it('the permutation correction removes the binning bias of an irrelevant input', () => {
    // With 50 bins of 4000 trials, a useless input's raw estimate is about E[max(Z, 0)] / √4000 ≈ 0.0063.
    const raw = expectedValueOfInformation(normalDecision, { permutations: 0 })
    const corrected = expectedValueOfInformation(normalDecision)
    expect(raw.evppi['z']!).toBeGreaterThan(0.003)
    expect(corrected.evppiCorrection['z']!).toBeGreaterThan(0.003)
    expect(corrected.evppi['z']!).toBeLessThan(raw.evppi['z']! / 2)
    expect(raw.evppiCorrection['z']).toBe(0)
  })

  it('is deterministic for a seed, and the seed reaches the permutations', () => {
    const a = expectedValueOfInformation(normalDecision, { seed: 's' })
    const b = expectedValueOfInformation(normalDecision, { seed: 's' })
    const c = expectedValueOfInformation(normalDecision, { seed: 't' })
    expect(a).toEqual(b)
    expect(c.evpi).toBe(a.evpi)
    expect(c.evppiCorrection['z']).not.toBe(a.evppiCorrection['z'])
  })

  it('a dominant option: U(a) = 1 + 0·x, U(b) = 0 gives EVPI and EVPPI exactly 0', () => {
    const u = map(x, (v) => 1 + 0 * v)
    const result = expectedValueOfInformation({
      options: ['a', 'b'],
      utilities: [u, new Float64Array(N)],
      inputs: { x },
    })
    expect(result.evpi).toBe(0)
    expect(result.evppi).toEqual({ x: 0 })
    expect(result.baseline).toEqual({ option: 'a', expectedUtility: 1 })
    expect(result.perfect).toBe(1)
  })

  it('a: x, b: −x, c: 0.5 with x ~ U(−1, 1): E[max(|x|, 0.5)] = 0.625, max mean = 0.5, EVPI = 0.125', () => {
    const w = draw({ uniform: [-1, 1] }, 'w')
    const result = expectedValueOfInformation({
      options: ['a', 'b', 'c'],
      utilities: [w, map(w, (v) => -v), new Float64Array(N).fill(0.5)],
      inputs: { w, z },
    })
    // E[max(|w|, 0.5)] = 0.5 · 0.5 + ∫_0.5^1 t dt = 0.25 + 0.375
    const { mean, error } = meanAndError(w, (v) => Math.max(Math.abs(v), 0.5))
    expect(Math.abs(mean - 0.625)).toBeLessThan(4 * error)
    expect(result.baseline).toEqual({ option: 'c', expectedUtility: 0.5 })
    expect(Math.abs(result.evpi - 0.125)).toBeLessThan(4 * error)
    expect(result.perfect).toBeCloseTo(mean, 12)
    expect(Math.abs(result.evppi['w']! - 0.125)).toBeLessThan(0.01)
    expect(result.evppi['z']!).toBeLessThan(0.01)
  })

  it('a discrete input is binned by value: EVPPI is exact without the correction', () => {
    // s = 0: go −1, stay 0 (stay); s = 1: go 1, stay 0 (go). Means: go 0, stay 0 → go (first).
    // Perfect = (0 + 0 + 1 + 1) / 4 = 0.5, EVPI = 0.5, EVPPI(s) = 0.5 · 0 + 0.5 · 1 − 0 = 0.5.
    const result = expectedValueOfInformation(
      {
        options: ['go', 'stay'],
        utilities: [Float64Array.of(-1, -1, 1, 1), Float64Array.of(0, 0, 0, 0)],
        inputs: { s: Float64Array.of(0, 0, 1, 1), noise: Float64Array.of(1, 2, 1, 2) },
      },
      { permutations: 0 },
    )
    expect(result.baseline).toEqual({ option: 'go', expectedUtility: 0 })
    expect(result.evpi).toBe(0.5)
    expect(result.evppi).toEqual({ s: 0.5, noise: 0 })
  })

  it('baseline with infeasible options: an option feasible in every trial is preferred', () => {
    // b is the only option feasible throughout: mean (2 + 0 + 1 + 1) / 4 = 1, though a's mean where
    // feasible is higher.
    // Perfect = (2 + 2 + 5 + 3) / 4 = 3, EVPI = 2.
    const result = expectedValueOfInformation({
      options: ['a', 'b', 'c'],
      utilities: [
        Float64Array.of(1, 2, Number.NaN, 3),
        Float64Array.of(2, 0, 1, 1),
        Float64Array.of(Number.NaN, Number.NaN, 5, Number.NaN),
      ],
      inputs: {},
    })
    expect(result.baseline).toEqual({ option: 'b', expectedUtility: 1 })
    expect(result.perfect).toBe(3)
    expect(result.evpi).toBe(2)
    expect(result.evppi).toEqual({})
  })

  it('baseline with no option always feasible: the most often feasible, infeasible trials at the worst', () => {
    // Trial 4 has no feasible option and is left out. a and b are feasible in 3 of 4 trials.
    // a filled: 1, 2, [worst of trial 2 = 1], 3 → 7/4; b filled: 2, [worst of trial 1 = 2], 1, 1 → 6/4.
    // Perfect = (2 + 2 + 1 + 3) / 4 = 2, EVPI = 2 − 7/4 = 1/4.
    const result = expectedValueOfInformation({
      options: ['a', 'b'],
      utilities: [
        Float64Array.of(1, 2, Number.NaN, 3, Number.NaN),
        Float64Array.of(2, Number.NaN, 1, 1, Number.NaN),
      ],
      inputs: { s: Float64Array.of(0, 0, 1, 1, 1) },
    })
    expect(result.trials).toBe(4)
    expect(result.baseline).toEqual({ option: 'a', expectedUtility: 7 / 4 })
    expect(result.perfect).toBe(2)
    expect(result.evpi).toBe(0.25)
  })

  it('0 ≤ EVPPI ≤ EVPI, and EVPI ≥ 0, for any data (fast-check prints its seed on failure)', () => {
    const utility = fc.oneof(
      { weight: 4, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(Number.NaN) },
    )
    const decision = fc
      .record({ k: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 60 }) })
      .chain(({ k, n }) =>
        fc.record({
          utilities: fc.array(fc.array(utility, { minLength: n, maxLength: n }), {
            minLength: k,
            maxLength: k,
          }),
          discrete: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
          continuous: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        }),
      )
    fc.assert(
      fc.property(decision, ({ utilities, discrete, continuous }) => {
        const columns = utilities.map((column) => Float64Array.from(column))
        const anyFeasible = columns[0]!.some((_, t) => columns.some((column) => !Number.isNaN(column[t]!)))
        if (!anyFeasible) return
        const result = expectedValueOfInformation(
          {
            options: columns.map((_, o) => `o${o}`),
            utilities: columns,
            inputs: { discrete: Float64Array.from(discrete), continuous: Float64Array.from(continuous) },
          },
          { bins: 8 },
        )
        expect(result.evpi).toBeGreaterThanOrEqual(0)
        for (const value of Object.values(result.evppi)) {
          expect(value).toBeGreaterThanOrEqual(0)
          expect(value).toBeLessThanOrEqual(result.evpi)
        }
      }),
    )
  })

  it('refuses malformed data and options', () => {
    const ok = { options: ['a'], utilities: [Float64Array.of(1, 2)], inputs: {} }
    expect(() => expectedValueOfInformation({ ...ok, options: [], utilities: [] })).toThrow(RangeError)
    expect(() => expectedValueOfInformation({ ...ok, options: ['a', 'b'] })).toThrow(RangeError)
    expect(() =>
      expectedValueOfInformation({
        ...ok,
        options: ['a', 'a'],
        utilities: [Float64Array.of(1), Float64Array.of(2)],
      }),
    ).toThrow(RangeError)
    expect(() => expectedValueOfInformation({ ...ok, inputs: { x: Float64Array.of(1) } })).toThrow(RangeError)
    expect(() => expectedValueOfInformation({ ...ok, utilities: [Float64Array.of(Number.NaN)] })).toThrow(
      RangeError,
    )
    expect(() => expectedValueOfInformation(ok, { bins: 0 })).toThrow(RangeError)
    expect(() => expectedValueOfInformation(ok, { permutations: 1.5 })).toThrow(RangeError)
  })
})
