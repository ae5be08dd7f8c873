import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'
import { evaluateDesign } from './internal/evaluateDesign'
import { forEachBlock } from './internal/runMetrics'
import { modelInputs } from './internal/scenarioInputs'
import { metricOrThrow } from './metric'
import { type MorrisEffect, morrisDesign, morrisEffects } from './morris'
import { type PrimResult, prim } from './prim'
import { type SobolIndex, saltelliDesign, sobolFromRuns } from './sobol'

// model

/** Options of {@link scenarioSobol}. @since 0.1.0 */
export interface ScenarioSobolOptions extends Abortable {
  readonly metric: string
  /** Base samples N; the scenario runs N·(k + 2) trials for k uncertain inputs. @defaultValue 2048 */
  readonly samples?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
  /** @defaultValue 300 */
  readonly bootstrap?: number
}

/** Sobol indices of a scenario metric, by input id. @since 0.1.0 */
export interface ScenarioSobolResult {
  readonly metric: string
  readonly first: Readonly<Record<string, SobolIndex>>
  readonly total: Readonly<Record<string, SobolIndex>>
  readonly labels: Readonly<Record<string, string>>
  readonly variance: number
  readonly warnings: ReadonlyArray<string>
  readonly runs: number
}

/** Options of {@link scenarioMorris}. @since 0.1.0 */
export interface ScenarioMorrisOptions extends Abortable {
  readonly metric: string
  /** @defaultValue 20 */
  readonly trajectories?: number
  /** @defaultValue 4 */
  readonly levels?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
}

/** Options of {@link discover}. @since 0.1.0 */
export interface DiscoverOptions extends Abortable {
  /** The case of interest: a metric; per trial its value (a probability, or 0/1) is the outcome. */
  readonly metric: string
  /** If given, a trial is a case when the metric is at least this. @defaultValue undefined (use the value itself) */
  readonly threshold?: number
  /** @defaultValue 20_000 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
  /** @defaultValue 0.05 */
  readonly peelAlpha?: number
  /** @defaultValue 0.05 */
  readonly minSupport?: number
}

// analysis

/**
 * Sobol first-order and total indices of a scenario metric over all its uncertain inputs (Saltelli 2010
 * sampling, Saltelli 2010 and Jansen estimators, bootstrap intervals). Each design point is one trial
 * with the inputs at the point's quantiles.
 * @param scenario - a decoded scenario
 * @param options - metric, samples, seed, bootstrap
 * @returns indices by input id, with intervals and warnings when the sample is too small
 * @throws RangeError for an unknown metric
 * @example
 * import { decodeScenario, scenarioSobol } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Utility is 2a + b', factors: { gain: {} },
 *   parameters: { a: { dist: { uniform: [0, 1] } }, b: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: '2 * a + b' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = scenarioSobol(decoded.right, { metric: 'utility:me.go', samples: 2048, bootstrap: 50 })
 * Math.abs(result.first['parameter:a']!.index - 0.8) < 0.05 // => true
 * @since 0.1.0
 */
export const scenarioSobol = (scenario: Scenario, options: ScenarioSobolOptions): ScenarioSobolResult => {
  const compiled = compileScenario(scenario)
  metricOrThrow(compiled, options.metric)
  const inputs = modelInputs(compiled)
  const k = inputs.length
  const n = options.samples ?? 2048
  const seed = String(options.seed ?? '1')
  const { a, b } = saltelliDesign(k, n, seed)
  const fA = evaluateDesign(scenario, options.metric, a, seed, options.signal)
  const fB = evaluateDesign(scenario, options.metric, b, seed, options.signal)
  const fAB = inputs.map((_, i) => {
    const ab = Float64Array.from(a)
    for (let row = 0; row < n; row++) ab[row * k + i] = b[row * k + i]!
    return evaluateDesign(scenario, options.metric, ab, seed, options.signal)
  })
  const ids = inputs.map((input) => input.id)
  const estimates = sobolFromRuns(fA, fB, fAB, options.bootstrap ?? 300, seed, ids)
  const result = {
    metric: options.metric,
    first: Object.fromEntries(ids.map((id, i) => [id, estimates.first[i]!])),
    total: Object.fromEntries(ids.map((id, i) => [id, estimates.total[i]!])),
    labels: Object.fromEntries(inputs.map((input) => [input.id, input.label])),
    variance: estimates.variance,
    warnings: estimates.warnings,
    runs: n * (k + 2),
  }
  return attachDisplay(result, () => import('../report/notebook').then((m) => m.sobolBundle(result)))
}

/**
 * Morris elementary effects (μ*, σ) of a scenario metric over its uncertain inputs: a cheap screening,
 * r·(k + 1) trials. Effects are per unit of each input's quantile scale (a step of 1 spans its distribution).
 * @param scenario - a decoded scenario
 * @param options - metric, trajectories, levels, seed
 * @returns effects by input id
 * @throws RangeError for an unknown metric
 * @example
 * import { decodeScenario, scenarioMorris } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Utility is 2a', factors: { gain: {} },
 *   parameters: { a: { dist: { uniform: [0, 1] } }, b: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: '2 * a' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = scenarioMorris(decoded.right, { metric: 'utility:me.go' })
 * [result.effects['parameter:a']!.muStar, result.effects['parameter:b']!.muStar].map((x) => Number(x.toFixed(3))) // => [2, 0]
 * @since 0.1.0
 */
export const scenarioMorris = (
  scenario: Scenario,
  options: ScenarioMorrisOptions,
): {
  readonly metric: string
  readonly effects: Readonly<Record<string, MorrisEffect>>
  readonly labels: Readonly<Record<string, string>>
  readonly runs: number
} => {
  const compiled = compileScenario(scenario)
  metricOrThrow(compiled, options.metric)
  const inputs = modelInputs(compiled)
  const seed = String(options.seed ?? '1')
  const design = morrisDesign(inputs.length, options.trajectories ?? 20, options.levels ?? 4, seed)
  const outputs = evaluateDesign(scenario, options.metric, design.points, seed, options.signal)
  const effects = morrisEffects(design, outputs)
  const result = {
    metric: options.metric,
    effects: Object.fromEntries(inputs.map((input, i) => [input.id, effects[i]!])),
    labels: Object.fromEntries(inputs.map((input) => [input.id, input.label])),
    runs: outputs.length,
  }
  return attachDisplay(result, () => import('../report/notebook').then((m) => m.morrisBundle(result)))
}

/**
 * Scenario discovery: the boxes of uncertain inputs (parameter ranges, weights) under which a metric's
 * case of interest concentrates, by PRIM over a Monte Carlo run's trials (Friedman & Fisher 1999).
 * @param scenario - a decoded scenario
 * @param options - metric, threshold, trials, seed, peeling settings
 * @returns the peeling trajectory with coverage, density and mass, and a suggested box
 * @throws RangeError for an unknown metric
 * @example
 * import { decodeScenario, discover } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when luck is high', factors: { gain: {} },
 *   parameters: { luck: { dist: { uniform: [0, 1] } }, noise: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck - 0.7' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const box = discover(decoded.right, { metric: 'share:me.go', trials: 4000 })
 * const chosen = box.trajectory[box.chosen]!
 * Math.abs(chosen.limits['parameter:luck']![0] - 0.7) < 0.02 && chosen.density > 0.95 // => true
 * @since 0.1.0
 */
export const discover = (scenario: Scenario, options: DiscoverOptions): PrimResult => {
  const compiled = compileScenario(scenario)
  const metric = metricOrThrow(compiled, options.metric)
  const inputs = modelInputs(compiled)
  const trials = options.trials ?? 20_000
  const columns = inputs.map(() => new Float64Array(trials))
  const outcome = new Float64Array(trials)
  forEachBlock(
    scenario,
    { trials, seed: String(options.seed ?? '1'), signal: options.signal },
    (output, offset) => {
      for (let t = 0; t < output.count; t++) {
        inputs.forEach((input, i) => {
          columns[i]![offset + t] = output.columns[input.column * output.blockSize + t]!
        })
        const value = metric.read(output, t)
        outcome[offset + t] =
          options.threshold === undefined
            ? Number.isNaN(value)
              ? 0
              : value
            : value >= options.threshold
              ? 1
              : 0
      }
    },
  )
  const result = prim({
    inputs: Object.fromEntries(inputs.map((input, i) => [input.id, columns[i]!])),
    outcome,
    ...(options.peelAlpha === undefined ? {} : { peelAlpha: options.peelAlpha }),
    ...(options.minSupport === undefined ? {} : { minSupport: options.minSupport }),
  })
  return attachDisplay(result, () =>
    import('../report/notebook').then((m) => m.primBundle(options.metric, result)),
  )
}
