import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SobolIndex, saltelliDesign, sobol, sobolFromRuns } from '../../src/analysis/sobol'

// Sobol indices against closed forms. Tolerances come from the bootstrap: the standard error of an index is
// taken as its 95% interval's width / 3.92, and an estimate must be within 4 of them of the exact value.

const Z95_WIDTH = 2 * 1.959963984540054

const expectNear = (estimate: SobolIndex, exact: number): void => {
  const se = (estimate.ci95[1] - estimate.ci95[0]) / Z95_WIDTH
  expect(se).toBeGreaterThan(0)
  expect(Math.abs(estimate.index - exact)).toBeLessThan(4 * se)
}

const covers = (estimate: SobolIndex, exact: number): boolean =>
  estimate.ci95[0] <= exact && exact <= estimate.ci95[1]

describe('sobol: Ishigami function', () => {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi) (Ishigami and Homma 1990). Partial
  // variances (Sobol' and Levitan 1999): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
  // V13 = b^2 pi^8 (1/18 - 1/50), and V = a^2 / 8 + b pi^4 / 5 + b^2 pi^8 / 18 + 1/2.
  const a = 7
  const b = 0.1
  const pi = Math.PI
  const V = a ** 2 / 8 + (b * pi ** 4) / 5 + (b ** 2 * pi ** 8) / 18 + 1 / 2
  const V1 = (1 + (b * pi ** 4) / 5) ** 2 / 2
  const V2 = a ** 2 / 8
  const V13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
  const exact = {
    first: { x1: V1 / V, x2: V2 / V, x3: 0 },
    total: { x1: (V1 + V13) / V, x2: V2 / V, x3: V13 / V },
  }
  const range = { uniform: [-pi, pi] as [number, number] }
  const result = sobol({
    inputs: { x1: range, x2: range, x3: range },
    model: ({ x1, x2, x3 }) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1),
    samples: 8192,
    seed: 'ishigami',
  })
  const names = ['x1', 'x2', 'x3'] as const

  it('has the textbook values', () => {
    expect(exact.first.x1).toBeCloseTo(0.3139, 4)
    expect(exact.first.x2).toBeCloseTo(0.4424, 4)
    expect(exact.total.x1).toBeCloseTo(0.5576, 4)
    expect(exact.total.x3).toBeCloseTo(0.2437, 4)
  })

  it('estimates every index within 4 bootstrap standard errors', () => {
    for (const name of names) {
      expectNear(result.first[name], exact.first[name])
      expectNear(result.total[name], exact.total[name])
    }
  })

  it('has 95% intervals that cover the exact value for at least 5 of the 6 indices', () => {
    const covered = names.flatMap((name) => [
      covers(result.first[name], exact.first[name]),
      covers(result.total[name], exact.total[name]),
    ])
    expect(covered.filter(Boolean).length).toBeGreaterThanOrEqual(5)
  })

  it('estimates the variance and counts the runs', () => {
    // The variance of the 2N pooled outputs; its standard error is about sqrt((m4 - V^2) / 2N) < V / 10.
    expect(Math.abs(result.variance - V) / V).toBeLessThan(0.1)
    expect(result.runs).toBe(8192 * 5)
    expect(result.warnings).toEqual([])
  })
})

describe('sobol: linear model in independent normals', () => {
  // f = sum c_i x_i: S_i = ST_i = c_i^2 sigma_i^2 / sum_j c_j^2 sigma_j^2, here 1/6, 4/6, 1/6.
  const c = [1, 2, 0.5]
  const sd = [1, 1, 2]
  const result = sobol({
    inputs: { x: { normal: [0, sd[0]!] }, y: { normal: [5, sd[1]!] }, z: { normal: [-1, sd[2]!] } },
    model: ({ x, y, z }) => c[0]! * x + c[1]! * y + c[2]! * z,
    samples: 4096,
    seed: 'linear',
    bootstrap: 300,
  })
  const total = c.reduce((sum, ci, i) => sum + ci ** 2 * sd[i]! ** 2, 0)
  const exact = { x: 1 / total, y: 4 / total, z: 1 / total }

  it('gives S_i = ST_i = c_i^2 sigma_i^2 / sum of them', () => {
    for (const name of ['x', 'y', 'z'] as const) {
      expectNear(result.first[name], exact[name])
      expectNear(result.total[name], exact[name])
    }
    expect(result.variance).toBeCloseTo(total, 0)
  })
})

describe('sobol: inputs that do not matter', () => {
  const result = sobol({
    inputs: { x1: { uniform: [0, 1] }, x2: { pert: [0, 1, 3] }, x3: { normal: [0, 1] }, c: 4 },
    model: ({ x1, x2, c }) => x1 + x2 ** 2 + c,
    samples: 1024,
    seed: 7,
    bootstrap: 200,
  })

  it('gives an input the model ignores indices of exactly 0: f(AB_i) = f(A) row by row', () => {
    expect(result.first.x3).toEqual({ index: 0, ci95: [0, 0] })
    expect(result.total.x3).toEqual({ index: 0, ci95: [0, 0] })
  })

  it('gives a fixed input indices of 0 without running the model for it', () => {
    expect(result.first.c).toEqual({ index: 0, ci95: [0, 0] })
    expect(result.runs).toBe(1024 * 5)
  })

  it('raises no warning when every notable index is clear of 0', () => {
    expect(result.warnings).toEqual([])
  })
})

describe('sobol: warnings', () => {
  // A dominant input and a weak one, with few samples: the weak input's intervals are wide.
  const small = sobol({
    inputs: { big: { uniform: [0, 1] }, weak: { uniform: [0, 1] } },
    model: ({ big, weak }) => Math.exp(4 * big) + 12 * weak,
    samples: 32,
    seed: 3,
    bootstrap: 200,
  })

  it('warns when N < 512', () => {
    expect(small.warnings[0]).toMatch(/^samples too small: N = 32 base samples/)
  })

  it('warns for exactly the indices above 0.05 whose interval includes 0', () => {
    const expected = (['big', 'weak'] as const).flatMap((name) =>
      (['first', 'total'] as const).flatMap((kind) => {
        const { index, ci95 } = small[kind][name]
        const label = kind === 'first' ? 'first-order' : 'total'
        return index > 0.05 && ci95[0] <= 0 && ci95[1] >= 0
          ? [`samples too small: the 95% interval of ${name}'s ${label} index includes 0`]
          : []
      }),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect([...small.warnings.slice(1)].sort()).toEqual(expected.sort())
  })

  it('reports a model whose output does not vary, or is not finite, instead of dividing by 0', () => {
    const flat = sobol({ inputs: { x: { uniform: [0, 1] } }, model: () => 1, samples: 600, bootstrap: 10 })
    expect(flat.first.x.index).toBeNaN()
    expect(flat.warnings).toEqual(["the model's output does not vary: the indices are undefined"])
    const broken = sobol({
      inputs: { x: { uniform: [0, 1] } },
      model: ({ x }) => 1 / (x > 0.5 ? 0 : 1),
      samples: 600,
    })
    expect(broken.total.x.index).toBeNaN()
    expect(broken.warnings[0]).toMatch(/non-finite outputs/)
  })
})

describe('saltelliDesign and sobolFromRuns', () => {
  it('draws independent uniforms in (0, 1), extended by a larger N', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 50 }),
        fc.string(),
        (k, n, seed) => {
          const small = saltelliDesign(k, n, seed)
          const large = saltelliDesign(k, 2 * n, seed)
          expect(small.a.length).toBe(n * k)
          expect([...small.a, ...small.b].every((u) => u > 0 && u < 1)).toBe(true)
          expect(large.a.subarray(0, n * k)).toEqual(small.a)
          expect(large.b.subarray(0, n * k)).toEqual(small.b)
        },
      ),
    )
  })

  it('replays a seed and depends on it', () => {
    const run = (seed: string) =>
      sobol({
        inputs: { x: { uniform: [0, 1] }, y: { triangular: [0, 1, 2] } },
        model: ({ x, y }) => x * y,
        samples: 256,
        bootstrap: 50,
        seed,
      })
    expect(run('a')).toEqual(run('a'))
    expect(run('a').first.x.index).not.toBe(run('b').first.x.index)
  })

  it('gives the same indices as sobol from the same runs', () => {
    const inputs = { x: { uniform: [0, 1] as [number, number] }, y: { uniform: [0, 1] as [number, number] } }
    const model = (x: number, y: number) => x + x * y
    const n = 300
    const direct = sobol({ inputs, model: ({ x, y }) => model(x, y), samples: n, bootstrap: 40, seed: 's' })
    const { a, b } = saltelliDesign(2, n, 's')
    const rows = Array.from({ length: n }, (_, r) => r)
    const fA = rows.map((r) => model(a[2 * r]!, a[2 * r + 1]!))
    const fB = rows.map((r) => model(b[2 * r]!, b[2 * r + 1]!))
    const fAB = [
      rows.map((r) => model(b[2 * r]!, a[2 * r + 1]!)),
      rows.map((r) => model(a[2 * r]!, b[2 * r + 1]!)),
    ]
    const estimates = sobolFromRuns(fA, fB, fAB, 40, 's', ['x', 'y'])
    expect(estimates.first).toEqual([direct.first.x, direct.first.y])
    expect(estimates.total).toEqual([direct.total.x, direct.total.y])
    expect(estimates.warnings).toEqual(direct.warnings)
  })

  it('refuses runs of different lengths', () => {
    expect(() => sobolFromRuns([1, 2, 3], [1, 2], [[1, 2, 3]])).toThrow(RangeError)
    expect(() => sobolFromRuns([1, 2, 3], [1, 2, 3], [[1, 2]])).toThrow(RangeError)
    expect(() => sobol({ inputs: { x: { uniform: [0, 1] } }, model: ({ x }) => x, samples: 1.5 })).toThrow(
      RangeError,
    )
  })
})
