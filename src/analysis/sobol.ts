import { type Abortable, throwIfAborted } from '../engine/aborted'
import type { RandomDistributionSpec } from '../model/scenarioSchema'
import { inputStream } from '../random/blockStream'
import { type Distribution, distribution } from '../random/distribution'
import { checkCount, checkDesignSize } from './internal/checkCount'

// model

/** Settings of a Sobol analysis: plain data, defaults for all but inputs and model. @since 0.1.0 */
export interface SobolOptions<K extends string> extends Abortable {
  /** Each input's distribution, or a number to hold it fixed (a fixed input's indices are 0). */
  readonly inputs: Readonly<Record<K, RandomDistributionSpec | number>>
  /** The model: one output per point. It must be pure: each point is evaluated once, in no promised order. */
  readonly model: (x: Readonly<Record<K, number>>) => number
  /** Base samples N; the model runs N * (k + 2) times, k the number of varying inputs. @defaultValue 4096 */
  readonly samples?: number
  /** The seed; numbers are used as their decimal text. @defaultValue '1' */
  readonly seed?: string | number
  /** Bootstrap resamples for the intervals; 0 skips them (intervals are then NaN). @defaultValue 500 */
  readonly bootstrap?: number
}

/** A sensitivity index with its bootstrap 95% percentile interval. @since 0.1.0 */
export interface SobolIndex {
  readonly index: number
  readonly ci95: readonly [number, number]
}

/** First-order and total Sobol indices of each input. @since 0.1.0 */
export interface SobolResult<K extends string> {
  /** S_i: the share of the output's variance due to input i alone. */
  readonly first: Readonly<Record<K, SobolIndex>>
  /** ST_i: the share due to input i alone or in interaction with others. */
  readonly total: Readonly<Record<K, SobolIndex>>
  /** The output's variance, over the 2N base runs. */
  readonly variance: number
  /** Model runs made. */
  readonly runs: number
  /** Signs that the sample is too small, or that the model's outputs cannot give indices. */
  readonly warnings: ReadonlyArray<string>
}

/** Indices estimated from model runs, in the order of the design's columns. @since 0.1.0 */
export interface SobolEstimates {
  readonly first: ReadonlyArray<SobolIndex>
  readonly total: ReadonlyArray<SobolIndex>
  readonly variance: number
  readonly warnings: ReadonlyArray<string>
}

/** The two independent N x k matrices of a Saltelli design, row-major, in the open unit cube. @since 0.1.0 */
export interface SaltelliDesign {
  readonly a: Float64Array
  readonly b: Float64Array
}

/** Below this many base samples a Sobol analysis warns, whatever its intervals say. */
const ADVISED_SAMPLES = 512
/** An index above this whose interval still includes 0 is flagged: the sample cannot tell it from noise. */
const NOTABLE_INDEX = 0.05

// design

/**
 * The sample matrices of a Saltelli (2010) design: plain seeded uniforms (no Latin hypercube), so rows are
 * independent and the row bootstrap of {@link sobolFromRuns} is valid. Column j of each matrix has its own
 * stream, so a larger N extends a design without changing its first rows.
 * @param k - the number of inputs (columns)
 * @param samples - the number of base samples N (rows)
 * @param seed - the seed; numbers are used as their decimal text
 * @returns matrices A and B, each N x k row-major: entry (n, j) at `n * k + j`, in (0, 1)
 * @example
 * import { saltelliDesign } from 'statecraft'
 * const { a, b } = saltelliDesign(3, 4, 'seed')
 * a.length // => 12
 * [...a, ...b].every((u) => u > 0 && u < 1) // => true
 * Array.from(saltelliDesign(3, 8, 'seed').a.subarray(0, 12)) // => Array.from(a)
 * @since 0.1.0
 */
export const saltelliDesign = (k: number, samples: number, seed: string | number = '1'): SaltelliDesign => {
  checkCount(k, 0, 'k')
  checkCount(samples, 1, 'samples')
  checkDesignSize(samples * k, 'samples × inputs')
  const a = new Float64Array(samples * k)
  const b = new Float64Array(samples * k)
  for (let j = 0; j < k; j++) {
    const randomA = inputStream(String(seed), 0, `saltelli/a/${j}`)
    const randomB = inputStream(String(seed), 0, `saltelli/b/${j}`)
    for (let n = 0; n < samples; n++) {
      a[n * k + j] = randomA()
      b[n * k + j] = randomB()
    }
  }
  return { a, b }
}

// estimators

interface PointEstimates {
  readonly variance: number
  readonly first: Float64Array
  readonly total: Float64Array
}

/**
 * Saltelli (2010) first order and Jansen (1999) total, over the rows `rows` (with repeats) of the centred
 * outputs; `rows` undefined means every row once.
 */
const estimate = (
  a: Float64Array,
  b: Float64Array,
  ab: ReadonlyArray<Float64Array>,
  rows: Int32Array | undefined,
): PointEstimates => {
  const n = a.length
  const k = ab.length
  let sum = 0
  let sumSquares = 0
  const firstSums = new Float64Array(k)
  const totalSums = new Float64Array(k)
  for (let r = 0; r < n; r++) {
    const row = rows === undefined ? r : rows[r]!
    const fa = a[row]!
    const fb = b[row]!
    sum += fa + fb
    sumSquares += fa * fa + fb * fb
    for (let i = 0; i < k; i++) {
      const fab = ab[i]![row]!
      firstSums[i] = firstSums[i]! + fb * (fab - fa)
      totalSums[i] = totalSums[i]! + (fa - fab) * (fa - fab)
    }
  }
  const mean = sum / (2 * n)
  const variance = sumSquares / (2 * n) - mean * mean
  const first = firstSums.map((s) => s / n / variance)
  const total = totalSums.map((s) => s / n / (2 * variance))
  return { variance, first, total }
}

/** The p-quantile of sorted values, interpolating linearly between order statistics. */
const sortedQuantile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

const percentileInterval = (replicates: Float64Array): readonly [number, number] => {
  const sorted = replicates.filter(Number.isFinite).sort()
  return [sortedQuantile(sorted, 0.025), sortedQuantile(sorted, 0.975)]
}

const undefinedIndices = (k: number): ReadonlyArray<SobolIndex> =>
  Array.from({ length: k }, () => ({ index: Number.NaN, ci95: [Number.NaN, Number.NaN] as const }))

/**
 * Sobol indices from the outputs of a Saltelli design run elsewhere (for instance by a Monte Carlo
 * simulator): first order by Saltelli (2010), S_i = mean(f_B (f_ABi - f_A)) / V, total by Jansen (1999),
 * ST_i = mean((f_A - f_ABi)^2) / (2V), V the variance of f_A and f_B pooled. Outputs are centred on their
 * pooled mean first, which moves the expected S_i by O(1 / N) but removes the noise a large mean would add.
 * Intervals are bootstrap percentile intervals: rows resampled with replacement, the same for every index.
 * @param fA - the outputs at the rows of A
 * @param fB - the outputs at the rows of B
 * @param fAB - per input i, the outputs at the rows of A with column i taken from B
 * @param bootstrap - the number of bootstrap resamples; 0 skips the intervals (they are then NaN)
 * @param seed - the bootstrap's seed; numbers are used as their decimal text
 * @param names - the inputs' names, for the warnings; by default `input 0`, `input 1`, ...
 * @returns per input the first-order and total indices with 95% intervals, the variance, and warnings
 * @throws RangeError when the arrays' lengths differ or N < 2
 * @example
 * import { saltelliDesign, sobolFromRuns } from 'statecraft'
 * // f = u0 + 3 u1 on the unit square: S0 = ST0 = 0.1, S1 = ST1 = 0.9
 * const model = (u0: number, u1: number) => u0 + 3 * u1
 * const { a, b } = saltelliDesign(2, 4000, 'seed')
 * const rows = Array.from({ length: 4000 }, (_, n) => n)
 * const fA = rows.map((n) => model(a[2 * n]!, a[2 * n + 1]!))
 * const fB = rows.map((n) => model(b[2 * n]!, b[2 * n + 1]!))
 * const fAB0 = rows.map((n) => model(b[2 * n]!, a[2 * n + 1]!))
 * const fAB1 = rows.map((n) => model(a[2 * n]!, b[2 * n + 1]!))
 * const estimates = sobolFromRuns(fA, fB, [fAB0, fAB1], 100, 'seed', ['u0', 'u1'])
 * estimates.first.map((s) => s.index.toFixed(1)) // => ['0.1', '0.9']
 * estimates.total.map((s) => s.index.toFixed(1)) // => ['0.1', '0.9']
 * @since 0.1.0
 */
export const sobolFromRuns = (
  fA: ArrayLike<number>,
  fB: ArrayLike<number>,
  fAB: ReadonlyArray<ArrayLike<number>>,
  bootstrap = 500,
  seed: string | number = '1',
  names: ReadonlyArray<string> = fAB.map((_, i) => `input ${i}`),
): SobolEstimates => {
  const n = fA.length
  const k = fAB.length
  checkCount(n, 2, 'the number of base runs')
  checkCount(bootstrap, 0, 'bootstrap')
  if (fB.length !== n || fAB.some((column) => column.length !== n))
    throw new RangeError(`fA, fB and every fAB[i] must have the same length, ${n}`)
  const warnings: string[] = []
  if (n < ADVISED_SAMPLES)
    warnings.push(`samples too small: N = ${n} base samples, fewer than the ${ADVISED_SAMPLES} advised`)
  const all = [fA, fB, ...fAB]
  const nonFinite = all.reduce(
    (count, f) => count + Array.from(f).filter((y) => !Number.isFinite(y)).length,
    0,
  )
  if (nonFinite > 0) {
    warnings.push(`the model returned ${nonFinite} non-finite outputs: the indices are undefined`)
    return { first: undefinedIndices(k), total: undefinedIndices(k), variance: Number.NaN, warnings }
  }
  let sum = 0
  for (let r = 0; r < n; r++) sum += fA[r]! + fB[r]!
  const mean = sum / (2 * n)
  const centred = (f: ArrayLike<number>) => Float64Array.from(f, (y) => y - mean)
  const a = centred(fA)
  const b = centred(fB)
  const ab = fAB.map(centred)
  const point = estimate(a, b, ab, undefined)
  if (!(point.variance > 0)) {
    warnings.push("the model's output does not vary: the indices are undefined")
    return { first: undefinedIndices(k), total: undefinedIndices(k), variance: 0, warnings }
  }
  const firstReplicates = Array.from({ length: k }, () => new Float64Array(bootstrap))
  const totalReplicates = Array.from({ length: k }, () => new Float64Array(bootstrap))
  const random = inputStream(String(seed), 0, 'sobol/bootstrap')
  const rows = new Int32Array(n)
  for (let replicate = 0; replicate < bootstrap; replicate++) {
    for (let r = 0; r < n; r++) rows[r] = Math.floor(random() * n)
    const resampled = estimate(a, b, ab, rows)
    for (let i = 0; i < k; i++) {
      firstReplicates[i]![replicate] = resampled.first[i]!
      totalReplicates[i]![replicate] = resampled.total[i]!
    }
  }
  const indices = (values: Float64Array, replicates: ReadonlyArray<Float64Array>, kind: string) =>
    Array.from(values, (index, i): SobolIndex => {
      const ci95 = bootstrap > 0 ? percentileInterval(replicates[i]!) : ([Number.NaN, Number.NaN] as const)
      if (index > NOTABLE_INDEX && ci95[0] <= 0 && ci95[1] >= 0)
        warnings.push(`samples too small: the 95% interval of ${names[i]}'s ${kind} index includes 0`)
      return { index, ci95 }
    })
  const first = indices(point.first, firstReplicates, 'first-order')
  const total = indices(point.total, totalReplicates, 'total')
  return { first, total, variance: point.variance, warnings }
}

// analysis

const isFixed = (law: Distribution): boolean => law.variance === 0

/**
 * Sobol sensitivity indices of a model's output to its uncertain inputs: how much of the output's variance
 * each input explains alone (first order) and with its interactions (total). Points come from
 * {@link saltelliDesign}, mapped to the inputs through each distribution's quantile; indices and intervals
 * come from {@link sobolFromRuns}. Fixed inputs are not sampled and get indices of exactly 0.
 * @param options - the inputs, the model, and optionally samples, seed and bootstrap resamples
 * @returns per input the first-order and total indices with 95% intervals, the variance, runs and warnings
 * @throws RangeError for an invalid distribution, or a sample or bootstrap count that is not a whole number
 * @example
 * import { sobol } from 'statecraft'
 * const result = sobol({
 *   inputs: { x: { uniform: [0, 1] }, y: { uniform: [0, 1] }, z: 5 },
 *   model: ({ x, y, z }) => x + 2 * y + z,
 *   samples: 512,
 *   bootstrap: 100,
 * })
 * result.runs // => 2048
 * result.first.y.index.toFixed(1) // => '0.8'
 * result.total.x.index.toFixed(1) // => '0.2'
 * result.total.z // => { index: 0, ci95: [0, 0] }
 * result.warnings // => []
 * @since 0.1.0
 */
export const sobol = <K extends string>(options: SobolOptions<K>): SobolResult<K> => {
  const samples = options.samples ?? 4096
  const seed = String(options.seed ?? '1')
  const bootstrap = options.bootstrap ?? 500
  checkCount(samples, 2, 'samples')
  checkCount(bootstrap, 0, 'bootstrap')
  const names = Object.keys(options.inputs) as K[]
  const laws = names.map((name) => distribution(options.inputs[name]))
  const varying = laws.flatMap((law, i) => (isFixed(law) ? [] : [i]))
  const k = varying.length
  throwIfAborted(options.signal, 'the analysis')
  const { a, b } = saltelliDesign(k, samples, seed)
  const point = {} as Record<K, number>
  laws.forEach((law, i) => {
    point[names[i]!] = law.mean
  })
  let calls = 0
  const run = (matrix: Float64Array, row: number, column: number, columnMatrix: Float64Array): number => {
    for (let j = 0; j < k; j++) {
      const input = varying[j]!
      const u = (j === column ? columnMatrix : matrix)[row * k + j]!
      point[names[input]!] = laws[input]!.quantile(u)
    }
    // The model is the caller's: check the signal every 256 calls.
    if ((++calls & 255) === 0) throwIfAborted(options.signal, 'the analysis')
    return options.model({ ...point })
  }
  const fA = Float64Array.from({ length: samples }, (_, row) => run(a, row, -1, a))
  const fB = Float64Array.from({ length: samples }, (_, row) => run(b, row, -1, b))
  const fAB = varying.map((_, column) =>
    Float64Array.from({ length: samples }, (_, row) => run(a, row, column, b)),
  )
  const estimates = sobolFromRuns(
    fA,
    fB,
    fAB,
    bootstrap,
    seed,
    varying.map((i) => names[i]!),
  )
  const zero: SobolIndex = { index: 0, ci95: [0, 0] }
  const first = {} as Record<K, SobolIndex>
  const total = {} as Record<K, SobolIndex>
  for (const name of names) {
    first[name] = zero
    total[name] = zero
  }
  varying.forEach((input, j) => {
    first[names[input]!] = estimates.first[j]!
    total[names[input]!] = estimates.total[j]!
  })
  return {
    first,
    total,
    variance: estimates.variance,
    runs: samples * (k + 2),
    warnings: estimates.warnings,
  }
}
