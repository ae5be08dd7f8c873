import { type Abortable, throwIfAborted } from '../engine/aborted'
import type { RandomDistributionSpec } from '../model/scenarioSchema'
import { inputStream } from '../random/blockStream'
import { distribution } from '../random/distribution'
import { checkCount, checkDesignSize } from './internal/checkCount'

// model

/** Settings of a Morris screening: plain data, defaults for all but inputs and model. @since 0.1.0 */
export interface MorrisOptions<K extends string> extends Abortable {
  /** Each input's distribution, or a number to hold it fixed (not screened: its effects are 0). */
  readonly inputs: Readonly<Record<K, RandomDistributionSpec | number>>
  /** The model: one output per point. It must be pure: each point is evaluated once, in no promised order. */
  readonly model: (x: Readonly<Record<K, number>>) => number
  /** Trajectories r; the model runs r * (k + 1) times, k the number of inputs that vary. @defaultValue 20 */
  readonly trajectories?: number
  /** Grid levels p, even; the step is Δ = p / (2(p - 1)) of the unit cube. @defaultValue 4 */
  readonly levels?: number
  /** The seed; numbers are used as their decimal text. @defaultValue '1' */
  readonly seed?: string | number
}

/**
 * Summary of an input's elementary effects, per unit of its quantile scale: a step of 1 is the whole range
 * of its distribution (so for `{ uniform: [0, 10] }` an effect is 10 times a derivative).
 * @since 0.1.0
 */
export interface MorrisEffect {
  /** Mean elementary effect: signed, so effects of opposite signs cancel. */
  readonly mu: number
  /** Mean absolute elementary effect (Campolongo et al. 2007): the input's importance. */
  readonly muStar: number
  /** Standard deviation of the elementary effects (r - 1 denominator): nonlinearity or interactions. */
  readonly sigma: number
}

/** Elementary effects of each input. @since 0.1.0 */
export interface MorrisResult<K extends string> {
  readonly effects: Readonly<Record<K, MorrisEffect>>
  /** Model runs made. */
  readonly runs: number
}

/** Morris trajectories in the unit cube. @since 0.1.0 */
export interface MorrisDesign {
  /** Number of inputs k. */
  readonly factors: number
  /** Number of trajectories r. */
  readonly trajectories: number
  /** Grid levels p. */
  readonly levels: number
  /** The step Δ = p / (2(p - 1)). */
  readonly delta: number
  /**
   * The points, row-major, r * (k + 1) rows of k values on the grid {0, 1/(p-1), ..., 1}: trajectory t is
   * rows t(k + 1) to t(k + 1) + k, and row t(k + 1) + s + 1 differs from the row before it in one input.
   */
  readonly points: Float64Array
  /** Per trajectory t and step s, at `t * k + s`: the input that step s changes. */
  readonly order: Int32Array
  /** Per trajectory t and step s, at `t * k + s`: +1 if the step adds Δ, -1 if it subtracts it. */
  readonly signs: Int8Array
}

/** Where the grid's 0 or 1 has an infinite quantile, u is clipped to [CLIP, 1 - CLIP]. */
const CLIP = 1e-6

// design

/**
 * Morris (1991) trajectories on the p-level grid of the unit cube. Each trajectory draws, per input, a lower
 * level from the bottom half of the grid and a direction; it starts at that level (going up) or Δ above it
 * (going down), then moves one input at a time, in a random order, by ±Δ, so every point stays on the grid
 * in [0, 1]. Trajectory t draws from its own stream, so more trajectories extend a design.
 * @param k - the number of inputs
 * @param trajectories - r, the number of trajectories
 * @param levels - p, the number of grid levels: even, at least 2
 * @param seed - the seed; numbers are used as their decimal text
 * @returns the points with, per step, the input changed and the step's sign
 * @throws RangeError when k is not a whole number >= 0, r not one >= 1, or p is not an even whole number >= 2
 * @example
 * import { morrisDesign } from 'statecraft'
 * const design = morrisDesign(2, 1, 4, 'seed')
 * design.delta // => 2 / 3
 * design.points.length // => 6
 * const [x0, y0, x1, y1] = design.points
 * const changed = design.order[0]
 * changed === 0 ? y1 === y0 : x1 === x0 // => true
 * @since 0.1.0
 */
export const morrisDesign = (
  k: number,
  trajectories = 20,
  levels = 4,
  seed: string | number = '1',
): MorrisDesign => {
  checkCount(k, 0, 'k')
  checkCount(trajectories, 1, 'trajectories')
  checkCount(levels, 2, 'levels')
  checkDesignSize(trajectories * (k + 1) * k, 'trajectories × (inputs + 1) × inputs')
  if (levels % 2 !== 0) throw new RangeError(`levels must be even, got ${levels}`)
  // In grid units the step is p / 2 levels: a lower level in [0, p/2) plus the step stays on the grid.
  const half = levels / 2
  const top = levels - 1
  const points = new Float64Array(trajectories * (k + 1) * k)
  const order = new Int32Array(trajectories * k)
  const signs = new Int8Array(trajectories * k)
  const level = new Int32Array(k)
  const direction = new Int8Array(k)
  for (let t = 0; t < trajectories; t++) {
    const random = inputStream(String(seed), t, 'morris')
    for (let i = 0; i < k; i++) {
      const lower = Math.floor(random() * half)
      direction[i] = random() < 0.5 ? 1 : -1
      level[i] = direction[i]! > 0 ? lower : lower + half
    }
    // Fisher-Yates: the order in which the inputs move.
    const permutation = Int32Array.from({ length: k }, (_, i) => i)
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      const swap = permutation[i]!
      permutation[i] = permutation[j]!
      permutation[j] = swap
    }
    const firstRow = t * (k + 1)
    for (let i = 0; i < k; i++) points[firstRow * k + i] = level[i]! / top
    for (let s = 0; s < k; s++) {
      const input = permutation[s]!
      level[input] = level[input]! + direction[input]! * half
      order[t * k + s] = input
      signs[t * k + s] = direction[input]!
      const row = firstRow + s + 1
      for (let i = 0; i < k; i++) points[row * k + i] = level[i]! / top
    }
  }
  return { factors: k, trajectories, levels, delta: half / top, points, order, signs }
}

// estimators

/**
 * Elementary effects from the outputs of a Morris design run elsewhere (for instance by a Monte Carlo
 * simulator): each step gives EE = (f(x') - f(x)) / (±Δ) for the input it changes, and per input μ is their
 * mean, μ* the mean of their absolute values (Campolongo et al. 2007) and σ their standard deviation.
 * @param design - the design from {@link morrisDesign}
 * @param outputs - the model's output at each of the design's points, in order
 * @returns per input (in column order) μ, μ* and σ, per unit-cube step; σ is NaN with one trajectory
 * @throws RangeError when there is not one output per point
 * @example
 * import { morrisDesign, morrisEffects } from 'statecraft'
 * const design = morrisDesign(2, 10, 4, 'seed')
 * // f = u0 * u1 on the unit square
 * const outputs = Array.from({ length: 30 }, (_, n) => design.points[2 * n]! * design.points[2 * n + 1]!)
 * const [e0, e1] = morrisEffects(design, outputs)
 * e0!.muStar > 0 && e0!.sigma > 0 && e1!.muStar > 0 // => true
 * @since 0.1.0
 */
export const morrisEffects = (
  design: MorrisDesign,
  outputs: ArrayLike<number>,
): ReadonlyArray<MorrisEffect> => {
  const { factors: k, trajectories: r, delta } = design
  if (outputs.length !== r * (k + 1))
    throw new RangeError(`expected ${r * (k + 1)} outputs, one per design point, got ${outputs.length}`)
  const sums = new Float64Array(k)
  const absoluteSums = new Float64Array(k)
  const effects = new Float64Array(r * k)
  for (let t = 0; t < r; t++)
    for (let s = 0; s < k; s++) {
      const row = t * (k + 1) + s
      const effect = (outputs[row + 1]! - outputs[row]!) / (design.signs[t * k + s]! * delta)
      const input = design.order[t * k + s]!
      effects[t * k + input] = effect
      sums[input] = sums[input]! + effect
      absoluteSums[input] = absoluteSums[input]! + Math.abs(effect)
    }
  return Array.from({ length: k }, (_, i): MorrisEffect => {
    const mu = sums[i]! / r
    let squares = 0
    for (let t = 0; t < r; t++) {
      const deviation = effects[t * k + i]! - mu
      squares += deviation * deviation
    }
    return { mu, muStar: absoluteSums[i]! / r, sigma: r > 1 ? Math.sqrt(squares / (r - 1)) : Number.NaN }
  })
}

// analysis

/**
 * Morris screening: which inputs matter, cheaply, from r one-at-a-time trajectories through the input space
 * ({@link morrisDesign}) mapped to the inputs through each distribution's quantile. Where a grid value of 0
 * or 1 has an infinite quantile (normal, lognormal...), the quantile is read at 1e-6 or 1 - 1e-6 instead.
 * Effects are per unit of the input's quantile scale: a step of 1 spans the whole range of its distribution.
 * Fixed inputs are not screened and get effects of exactly 0.
 * @param options - the inputs, the model, and optionally trajectories, levels and seed
 * @returns per input μ, μ* and σ of its elementary effects, and the number of model runs
 * @throws RangeError for an invalid distribution, trajectory count or number of levels
 * @example
 * import { morris } from 'statecraft'
 * const result = morris({
 *   inputs: { x: { uniform: [0, 1] }, y: { uniform: [0, 10] }, z: 3 },
 *   model: ({ x, y, z }) => 2 * x - y + z,
 *   trajectories: 5,
 * })
 * result.runs // => 15
 * result.effects.x.muStar.toFixed(6) // => '2.000000'
 * result.effects.y.mu.toFixed(6) // => '-10.000000'
 * result.effects.z // => { mu: 0, muStar: 0, sigma: 0 }
 * @since 0.1.0
 */
export const morris = <K extends string>(options: MorrisOptions<K>): MorrisResult<K> => {
  const trajectories = options.trajectories ?? 20
  const levels = options.levels ?? 4
  const names = Object.keys(options.inputs) as K[]
  const laws = names.map((name) => distribution(options.inputs[name]))
  const varying = laws.flatMap((law, i) => (law.variance === 0 ? [] : [i]))
  const effects = {} as Record<K, MorrisEffect>
  for (const name of names) effects[name] = { mu: 0, muStar: 0, sigma: 0 }
  const k = varying.length
  throwIfAborted(options.signal, 'the analysis')
  const design = morrisDesign(k, trajectories, levels, options.seed ?? '1')
  if (k === 0) return { effects, runs: 0 }
  const quantile = (input: number, u: number): number => {
    const x = laws[input]!.quantile(u)
    return Number.isFinite(x) ? x : laws[input]!.quantile(Math.min(1 - CLIP, Math.max(CLIP, u)))
  }
  const point = {} as Record<K, number>
  laws.forEach((law, i) => {
    point[names[i]!] = law.mean
  })
  let calls = 0
  const runs = trajectories * (k + 1)
  const outputs = Float64Array.from({ length: runs }, (_, row) => {
    varying.forEach((input, j) => {
      point[names[input]!] = quantile(input, design.points[row * k + j]!)
    })
    // The model is the caller's: check the signal every 256 calls.
    if ((++calls & 255) === 0) throwIfAborted(options.signal, 'the analysis')
    return options.model({ ...point })
  })
  morrisEffects(design, outputs).forEach((effect, j) => {
    effects[names[varying[j]!]!] = effect
  })
  return { effects, runs }
}
