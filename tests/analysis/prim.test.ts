import { describe, expect, it } from 'vitest'
import { type PrimBox, type PrimResult, prim } from '../../src/analysis/prim'
import { inputStream } from '../../src/random/blockStream'

const N = 5000

const uniformColumn = (id: string, n = N): Float64Array => {
  const random = inputStream('prim-test', 0, id)
  return Float64Array.from({ length: n }, () => random())
}

/** Whether row `row` lies in the box, from its limits alone. */
const inBox = (box: PrimBox, columns: Readonly<Record<string, Float64Array>>, row: number): boolean =>
  Object.entries(box.limits).every(([name, [lo, hi]]) => {
    const x = columns[name]![row]!
    return x >= lo && x <= hi
  })

/** Recomputes a box's coverage, density and mass from its limits. */
const expectConsistent = (
  box: PrimBox,
  columns: Readonly<Record<string, Float64Array>>,
  outcome: Float64Array,
) => {
  let rows = 0
  let cases = 0
  outcome.forEach((y, row) => {
    if (!inBox(box, columns, row)) return
    rows++
    cases += y
  })
  const total = outcome.reduce((sum, y) => sum + y, 0)
  expect(box.mass).toBeCloseTo(rows / outcome.length, 12)
  expect(box.density).toBeCloseTo(cases / rows, 12)
  expect(box.coverage).toBeCloseTo(cases / total, 12)
}

const peeling = (result: PrimResult): ReadonlyArray<PrimBox> =>
  result.pasted ? result.trajectory.slice(0, -1) : result.trajectory

const expectMonotone = (boxes: ReadonlyArray<PrimBox>): void => {
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.coverage).toBeLessThanOrEqual(boxes[i - 1]!.coverage)
    expect(boxes[i]!.mass).toBeLessThan(boxes[i - 1]!.mass)
    expect(boxes[i]!.density).toBeGreaterThan(boxes[i - 1]!.density)
  }
}

describe('prim: a corner of the unit cube', () => {
  // outcome = 1 iff x1 > 0.7 and x2 < 0.3; x3 is noise.
  const columns = { x1: uniformColumn('x1'), x2: uniformColumn('x2'), x3: uniformColumn('x3') }
  const outcome = Float64Array.from({ length: N }, (_, i) =>
    columns.x1[i]! > 0.7 && columns.x2[i]! < 0.3 ? 1 : 0,
  )
  const result = prim({ inputs: columns, outcome })

  it('finds the corner as its densest box, and leaves x3 alone', () => {
    const best = Math.max(...result.trajectory.map((box) => box.density))
    const densest = result.trajectory.find((box) => box.density === best)!
    expect(densest.density).toBeGreaterThan(0.95)
    expect(densest.coverage).toBeGreaterThan(0.8)
    expect(Object.keys(densest.limits).sort()).toEqual(['x1', 'x2'])
    const [x1lo, x1hi] = densest.limits['x1']!
    const [x2lo, x2hi] = densest.limits['x2']!
    expect(Math.abs(x1lo - 0.7)).toBeLessThan(0.05)
    expect(Math.abs(x1hi - 1)).toBeLessThan(0.05)
    expect(Math.abs(x2lo - 0)).toBeLessThan(0.05)
    expect(Math.abs(x2hi - 0.3)).toBeLessThan(0.05)
    for (const box of result.trajectory) expect(box.limits['x3']).toBeUndefined()
  })

  it('has a trajectory along which coverage and mass fall and density rises', () => {
    expect(result.trajectory[0]).toEqual({ limits: {}, coverage: 1, density: result.baseDensity, mass: 1 })
    expect(result.baseDensity).toBeCloseTo(outcome.reduce((s, y) => s + y, 0) / N, 12)
    expectMonotone(peeling(result))
    expect(result.trajectory.at(-1)!.mass).toBeGreaterThanOrEqual(0.05)
  })

  it('reports coverage, density and mass that match the limits', () => {
    for (const box of result.trajectory) expectConsistent(box, columns, outcome)
  })

  it('suggests the box of highest coverage among those within 0.05 of the best density', () => {
    const best = Math.max(...result.trajectory.map((box) => box.density))
    const chosen = result.trajectory[result.chosen]!
    expect(chosen.density).toBeGreaterThanOrEqual(best - 0.05)
    for (const box of result.trajectory)
      if (box.density >= best - 0.05) expect(box.coverage).toBeLessThanOrEqual(chosen.coverage)
    expect(chosen.coverage).toBeGreaterThan(0.9)
  })

  it('pastes: widens a coarsely peeled box without losing density', () => {
    const coarse = prim({ inputs: columns, outcome, peelAlpha: 0.2, pasteAlpha: 0.01 })
    expect(coarse.pasted).toBe(true)
    const [peeled, pasted] = coarse.trajectory.slice(-2) as [PrimBox, PrimBox]
    expect(pasted.coverage).toBeGreaterThan(peeled.coverage)
    expect(pasted.density).toBeGreaterThanOrEqual(peeled.density)
    expectConsistent(pasted, columns, outcome)
    expectMonotone(peeling(coarse))
    const unpasted = prim({ inputs: columns, outcome, peelAlpha: 0.2, pasteAlpha: 0 })
    expect(unpasted.pasted).toBe(false)
    expect(unpasted.trajectory).toEqual(peeling(coarse))
  })

  it('is deterministic, and breaks ties by input order', () => {
    expect(prim({ inputs: columns, outcome })).toEqual(result)
    // A copy of x1 peels exactly like x1, so it is never chosen.
    const twin = prim({ inputs: { ...columns, copy: Float64Array.from(columns.x1) }, outcome })
    for (const box of twin.trajectory) expect(box.limits['copy']).toBeUndefined()
    expect(twin.trajectory).toEqual(result.trajectory)
  })
})

describe('prim: discrete inputs', () => {
  // outcome = 1 iff b = 1 and x > 0.6, b a fair 0/1 input.
  const x = uniformColumn('x')
  const random = inputStream('prim-test', 0, 'b')
  const b = Float64Array.from({ length: N }, () => (random() < 0.5 ? 1 : 0))
  const outcome = Float64Array.from({ length: N }, (_, i) => (b[i] === 1 && x[i]! > 0.6 ? 1 : 0))
  const columns = { x, b }
  const result = prim({ inputs: columns, outcome })

  it('peels a 0/1 input as a whole value', () => {
    const restricted = result.trajectory.filter((box) => box.limits['b'] !== undefined)
    expect(restricted.length).toBeGreaterThan(0)
    for (const box of restricted) expect(box.limits['b']).toEqual([1, 1])
    for (const box of result.trajectory) expectConsistent(box, columns, outcome)
    const densest = result.trajectory.at(-1)!
    expect(densest.density).toBeGreaterThan(0.95)
  })

  it('peels a value that is most of the box, rather than nothing', () => {
    // 90% of rows have v = 0; the 5% quantile is 0, so the low peel removes all of them.
    const v = Float64Array.from({ length: 200 }, (_, i) => (i < 180 ? 0 : i < 190 ? 1 : 2))
    const y = Float64Array.from(v, (value) => (value > 0 ? 1 : 0))
    const peeled = prim({ inputs: { v }, outcome: y, minSupport: 0 })
    expect(peeled.trajectory[1]).toEqual({ limits: { v: [1, 2] }, coverage: 1, density: 1, mass: 0.1 })
  })

  it('accepts outcomes that are probabilities', () => {
    const p = Float64Array.from(x, (value) => (value > 0.5 ? 0.9 : 0.1))
    const soft = prim({ inputs: { x }, outcome: p, pasteAlpha: 0 })
    expect(soft.baseDensity).toBeCloseTo(0.5, 1)
    const last = soft.trajectory.at(-1)!
    expect(last.limits['x']![0]).toBeGreaterThan(0.45)
    expect(last.density).toBeCloseTo(0.9, 12)
  })
})

describe('prim: input checks', () => {
  it('refuses columns of the wrong length, outcomes outside [0, 1] and settings out of range', () => {
    expect(() => prim({ inputs: { x: [1, 2, 3] }, outcome: [0, 1] })).toThrow(RangeError)
    expect(() => prim({ inputs: { x: [1, 2] }, outcome: [0, 2] })).toThrow(RangeError)
    expect(() => prim({ inputs: { x: [1, Number.NaN] }, outcome: [0, 1] })).toThrow(RangeError)
    expect(() => prim({ inputs: { x: [1, 2] }, outcome: [0, 1], peelAlpha: 0 })).toThrow(RangeError)
    expect(() => prim({ inputs: { x: [1, 2] }, outcome: [0, 1], pasteAlpha: 1 })).toThrow(RangeError)
  })

  it('returns the whole data when there are no cases of interest', () => {
    const none = prim({ inputs: { x: [1, 2, 3] }, outcome: [0, 0, 0] })
    expect(none).toEqual({
      trajectory: [{ limits: {}, coverage: 0, density: 0, mass: 1 }],
      chosen: 0,
      pasted: false,
      baseDensity: 0,
    })
  })
})
