import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { morris, morrisDesign, morrisEffects } from '../../src/analysis/morris'

// Elementary effects are exact for linear models, whatever the trajectories; rounding is the only error.

const unit = { uniform: [0, 1] as [number, number] }

describe('morris', () => {
  it('gives a linear model its coefficients: mu* = |c_i|, mu = c_i, sigma = 0', () => {
    const result = morris({
      inputs: { x1: unit, x2: unit, x3: unit },
      model: ({ x1, x2, x3 }) => 2 * x1 - 3 * x2 + 0 * x3,
      seed: 'linear',
    })
    const expected = { x1: 2, x2: -3, x3: 0 }
    for (const name of ['x1', 'x2', 'x3'] as const) {
      const effect = result.effects[name]
      expect(effect.mu).toBeCloseTo(expected[name], 12)
      expect(effect.muStar).toBeCloseTo(Math.abs(expected[name]), 12)
      expect(effect.sigma).toBeCloseTo(0, 12)
    }
    expect(result.runs).toBe(20 * 4)
  })

  it('measures effects per range of the distribution', () => {
    const result = morris({
      inputs: { x: { uniform: [10, 14] }, y: { uniform: [-1, 1] } },
      model: ({ x, y }) => 3 * x + y,
      trajectories: 6,
      levels: 6,
    })
    expect(result.effects.x.muStar).toBeCloseTo(12, 12)
    expect(result.effects.y.muStar).toBeCloseTo(2, 12)
  })

  it('gives inputs in an interaction a positive sigma', () => {
    const result = morris({
      inputs: { x1: unit, x2: unit, x3: unit },
      model: ({ x1, x2, x3 }) => x1 * x2 + x3,
      trajectories: 30,
      seed: 5,
    })
    expect(result.effects.x1.sigma).toBeGreaterThan(0.1)
    expect(result.effects.x2.sigma).toBeGreaterThan(0.1)
    expect(result.effects.x3.sigma).toBeCloseTo(0, 12)
    // x1 x2: the effect of x1 is x2 on the grid, whose levels average 1/2.
    expect(result.effects.x1.muStar).toBeGreaterThan(0.2)
    expect(result.effects.x1.muStar).toBeLessThan(0.8)
  })

  it('replays a seed and depends on it', () => {
    const run = (seed: number) =>
      morris({
        inputs: { x: unit, y: { pert: [0, 1, 3] } },
        model: ({ x, y }) => Math.sin(3 * x) * y,
        trajectories: 10,
        seed,
      })
    expect(run(1)).toEqual(run(1))
    expect(run(1).effects.x.mu).not.toBe(run(2).effects.x.mu)
  })

  it('skips fixed inputs and reads unbounded distributions inside their 1e-6 tails', () => {
    const result = morris({
      inputs: { x: { normal: [0, 1] }, w: { lognormal: [0, 1] }, c: 2, d: { discrete: [[4, 1]] } },
      model: ({ x, w, c, d }) => x + w + c * d,
      trajectories: 8,
    })
    expect(result.runs).toBe(8 * 3)
    expect(result.effects.c).toEqual({ mu: 0, muStar: 0, sigma: 0 })
    expect(result.effects.d).toEqual({ mu: 0, muStar: 0, sigma: 0 })
    // The widest step spans the normal's quantiles at 1e-6 and 2/3 (or 1/3 and 1 - 1e-6): -4.7534 and 0.4307.
    const widest = (4.753424308822899 + 0.4307272992954576) / (2 / 3)
    expect(Number.isFinite(result.effects.x.muStar)).toBe(true)
    expect(result.effects.x.muStar).toBeGreaterThan(0)
    expect(result.effects.x.muStar).toBeLessThan(widest + 1e-9)
    expect(Number.isFinite(result.effects.w.muStar)).toBe(true)
  })
})

describe('morrisDesign and morrisEffects', () => {
  it('walks the grid: each step moves one input by ±Δ, every input once per trajectory', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }).map((half) => 2 * half),
        fc.string(),
        (k, r, p, seed) => {
          const design = morrisDesign(k, r, p, seed)
          expect(design.points.length).toBe(r * (k + 1) * k)
          expect(design.delta).toBe(p / 2 / (p - 1))
          for (const u of design.points) {
            expect(u).toBeGreaterThanOrEqual(0)
            expect(u).toBeLessThanOrEqual(1)
            expect(Math.abs(u * (p - 1) - Math.round(u * (p - 1)))).toBeLessThan(1e-9)
          }
          for (let t = 0; t < r; t++) {
            const moved = new Set<number>()
            for (let s = 0; s < k; s++) {
              const before = (t * (k + 1) + s) * k
              const after = before + k
              const input = design.order[t * k + s]!
              moved.add(input)
              for (let i = 0; i < k; i++) {
                const step = design.points[after + i]! - design.points[before + i]!
                const expected = i === input ? design.signs[t * k + s]! * design.delta : 0
                expect(step).toBeCloseTo(expected, 12)
              }
            }
            expect(moved.size).toBe(k)
          }
        },
      ),
    )
  })

  it('extends a design with more trajectories', () => {
    const small = morrisDesign(3, 4, 4, 'x')
    const large = morrisDesign(3, 8, 4, 'x')
    expect(large.points.subarray(0, small.points.length)).toEqual(small.points)
    expect(large.order.subarray(0, small.order.length)).toEqual(small.order)
  })

  it('gives the same effects as morris from the same runs', () => {
    const model = (x: number, y: number) => x * x + 2 * y
    const design = morrisDesign(2, 7, 4, 'same')
    const outputs = Array.from({ length: 7 * 3 }, (_, n) =>
      model(design.points[2 * n]!, design.points[2 * n + 1]!),
    )
    const direct = morris({
      inputs: { x: unit, y: unit },
      model: ({ x, y }) => model(x, y),
      trajectories: 7,
      seed: 'same',
    })
    expect(morrisEffects(design, outputs)).toEqual([direct.effects.x, direct.effects.y])
  })

  it('refuses outputs that do not match the design, and odd levels', () => {
    expect(() => morrisEffects(morrisDesign(2, 3), [1, 2, 3])).toThrow(RangeError)
    expect(() => morrisDesign(2, 3, 5)).toThrow(RangeError)
    expect(() => morris({ inputs: { x: unit }, model: ({ x }) => x, trajectories: 0 })).toThrow(RangeError)
  })
})
