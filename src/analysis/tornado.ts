import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'
import { meanMetrics } from './internal/runMetrics'
import { fixInput, modelInputs } from './internal/scenarioInputs'
import { metricOrThrow } from './metric'

// model

/** Options of {@link tornado}. @since 0.1.0 */
export interface TornadoOptions extends Abortable {
  /** What to study: `share:ACTOR.OPTION`, `utility:ACTOR.OPTION` or `outcome:NAME`. */
  readonly metric: string
  /** Trials per run; there are 2 runs per input, plus one. @defaultValue 4096 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
  /** The low setting, as a quantile of each input's distribution. @defaultValue 0.05 */
  readonly low?: number
  /** The high setting. @defaultValue 0.95 */
  readonly high?: number
}

/** One input's bar: the metric with the input at its low and at its high setting. @since 0.1.0 */
export interface TornadoBar {
  readonly input: string
  readonly label: string
  readonly low: { readonly value: number; readonly metric: number }
  readonly high: { readonly value: number; readonly metric: number }
  /** high.metric − low.metric. */
  readonly swing: number
}

/** A tornado diagram's data, widest bar first. @since 0.1.0 */
export interface TornadoResult {
  readonly metric: string
  readonly base: number
  readonly bars: ReadonlyArray<TornadoBar>
  readonly trials: number
  readonly runs: number
}

// analysis

/**
 * One-at-a-time sensitivity: each uncertain input set to its 5th and its 95th percentile while the
 * others are drawn as usual, under common random numbers (the same draws for every run).
 * @param scenario - a decoded scenario
 * @param options - the metric, trials, seed and settings
 * @returns the base value and one bar per input, widest swing first
 * @throws RangeError for an unknown metric
 * @example
 * import { decodeScenario, tornado } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { uniform: [-1, 1] } }, noise: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = tornado(decoded.right, { metric: 'share:me.go', trials: 1000 })
 * result.bars.map((bar) => [bar.input, bar.swing]) // => [['parameter:luck', 1], ['parameter:noise', 0]]
 * @since 0.1.0
 */
export const tornado = (scenario: Scenario, options: TornadoOptions): TornadoResult => {
  const settings = {
    trials: options.trials ?? 4096,
    seed: String(options.seed ?? '1'),
    signal: options.signal,
  }
  const low = options.low ?? 0.05
  const high = options.high ?? 0.95
  const compiled = compileScenario(scenario)
  metricOrThrow(compiled, options.metric)
  const measure = (s: Scenario) => meanMetrics(s, [(c) => metricOrThrow(c, options.metric)], settings)[0]!
  const base = measure(scenario)
  const bars = modelInputs(compiled).map((input) => {
    const lowValue = input.distribution.quantile(low)
    const highValue = input.distribution.quantile(high)
    const lowMetric = measure(fixInput(scenario, input.id, lowValue))
    const highMetric = measure(fixInput(scenario, input.id, highValue))
    return {
      input: input.id,
      label: input.label,
      low: { value: lowValue, metric: lowMetric },
      high: { value: highValue, metric: highMetric },
      swing: highMetric - lowMetric,
    }
  })
  bars.sort((x, y) => Math.abs(y.swing) - Math.abs(x.swing) || (x.input < y.input ? -1 : 1))
  const result = { metric: options.metric, base, bars, trials: settings.trials, runs: 1 + 2 * bars.length }
  return attachDisplay(result, () => import('../report/notebook').then((m) => m.tornadoBundle(result)))
}
