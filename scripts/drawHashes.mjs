// Hashes of draws at full precision, for tests/golden/draws.json: one per distribution (its samples, its
// CDF at them, its quantile on a grid, its mean and variance) and one of a run's samples (samplesCsv of
// tests/golden/every-function.yaml: every distribution in the block loop, and exp, log, pow and sqrt in
// expressions), and of three analyses' JSON (Sobol indices, Morris effects, a tornado). Summaries print 12
// digits, which hide a last-bit difference most of the time; these do not.
// Shared by scripts/goldens.mjs (the built package, under Node, Deno and Bun) and
// tests/run/golden.test.ts (the source, under Node), each passing in its own copy of the library.
import { createHash } from 'node:crypto'

/** The distributions hashed: every kind, the normal's tails, and both beta samplers. */
export const DRAW_SPECS = {
  uniform: { uniform: [-1, 3] },
  triangular: { triangular: [0, 0.2, 1] },
  pert: { pert: [0, 2, 10] },
  'pert near its top': { pert: [0, 9.5, 10] },
  normal: { normal: [0, 1] },
  'normal truncated': { normal: [0, 1], truncate: [-0.5, 3] },
  lognormal: { lognormal: [0, 1] },
  'ci90 lognormal': { ci90: [1, 10], shape: 'lognormal' },
  'ci90 normal': { ci90: [-2, 5] },
  'beta tabled': { beta: [2, 5] },
  'beta by gamma ratio': { beta: [0.5, 0.7] },
  'beta steep': { beta: [40, 3] },
  discrete: {
    discrete: [
      [1, 0.2],
      [2, 0.5],
      [4, 0.3],
    ],
  },
  bernoulli: { bernoulli: 0.3 },
}

const DRAWS = 1 << 16
const GRID = 1000
const SAMPLE_TRIALS = 20_000

/** SHA-256 of the values as little-endian doubles, every NaN as one quiet NaN (runtimes may keep others). */
const hashOf = (values) => {
  const bytes = new DataView(new ArrayBuffer(8 * values.length))
  values.forEach((v, i) => {
    if (Number.isNaN(v)) bytes.setUint32(8 * i + 4, 0x7ff80000, true)
    else bytes.setFloat64(8 * i, v, true)
  })
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex')
}

const textHash = (text) => createHash('sha256').update(text).digest('hex')

/**
 * @param statecraft - the library's exports (`distribution`, `blockStream`, `samplesCsv`, `sobol`, `morris`,
 *   `tornado`)
 * @param scenario - tests/golden/every-function.yaml, decoded
 * @returns each distribution's hash, `samples` for the run's, and one for each analysis
 */
export const drawHashes = (statecraft, scenario) => {
  const hashes = {}
  for (const [name, spec] of Object.entries(DRAW_SPECS)) {
    const law = statecraft.distribution(spec)
    const random = statecraft.blockStream('draws', 0)
    const values = new Float64Array(DRAWS + 2 * GRID + 2)
    for (let i = 0; i < DRAWS; i++) values[i] = law.sample(random)
    for (let i = 0; i < GRID; i++) {
      values[DRAWS + i] = law.cdf(values[i])
      values[DRAWS + GRID + i] = law.quantile((i + 0.5) / GRID)
    }
    values[DRAWS + 2 * GRID] = law.mean
    values[DRAWS + 2 * GRID + 1] = law.variance
    hashes[name] = hashOf(values)
  }
  const csv = statecraft.samplesCsv(scenario, { trials: SAMPLE_TRIALS, seed: 'draws' })
  hashes.samples = textHash(csv)
  // Analyses, as JSON: their own arithmetic on top of the draws (sensitivity indices, bootstrap intervals).
  const inputs = {
    p: DRAW_SPECS.pert,
    b: DRAW_SPECS['beta by gamma ratio'],
    l: DRAW_SPECS.lognormal,
    n: DRAW_SPECS.normal,
  }
  const model = (x) => x.p * x.b + Math.sqrt(x.l) + x.n * x.p
  hashes['analysis: sobol'] = textHash(
    JSON.stringify(statecraft.sobol({ inputs, model, samples: 1024, bootstrap: 50, seed: 'draws' })),
  )
  hashes['analysis: morris'] = textHash(JSON.stringify(statecraft.morris({ inputs, model, seed: 'draws' })))
  hashes['analysis: tornado'] = textHash(
    JSON.stringify(statecraft.tornado(scenario, { metric: 'share:me.go', trials: 1024, seed: 'draws' })),
  )
  return hashes
}
