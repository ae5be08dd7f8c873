import type { Abortable } from '../engine/aborted'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'
import { forEachBlock } from './internal/runMetrics'
import { actorIndexOrThrow, modelInputs } from './internal/scenarioInputs'

/**
 * One actor's decision over many trials: the utility of each of its options where it decides
 * (anticipating later moves; NaN where infeasible), and the uncertain inputs drawn in each trial.
 * @since 0.1.0
 */
export interface DecisionData {
  readonly options: ReadonlyArray<string>
  /** utilities[o][t]. */
  readonly utilities: ReadonlyArray<Float64Array>
  /** inputs[id][t], by input id (`parameter:NAME`, `weight:...`, `effect:...`). */
  readonly inputs: Readonly<Record<string, Float64Array>>
}

/** Options of {@link decisionData}. @since 0.1.0 */
export interface DecisionDataOptions extends Abortable {
  readonly actor: string
  /** @defaultValue 20_000 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
  /** Keep only parameters among the inputs (the world states). @defaultValue false */
  readonly parametersOnly?: boolean
}

/**
 * Runs a scenario and keeps, trial by trial, one actor's option utilities and the drawn inputs — the data
 * value-of-information, robustness and scenario-discovery analyses work on. Memory grows with trials.
 * @param scenario - a decoded scenario
 * @param options - actor, trials, seed
 * @returns the per-trial data
 * @throws RangeError for an unknown actor
 * @example
 * import { decisionData, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const data = decisionData(decoded.right, { actor: 'me', trials: 100 })
 * data.utilities[0]![7] === data.inputs['parameter:luck']![7] // => true
 * @since 0.1.0
 */
export const decisionData = (scenario: Scenario, options: DecisionDataOptions): DecisionData => {
  const compiled = compileScenario(scenario)
  const a = actorIndexOrThrow(compiled, options.actor)
  const trials = options.trials ?? 20_000
  const optionIds = compiled.optionIds[a]!
  const first = compiled.optionOffset[a]!
  const utilities = optionIds.map(() => new Float64Array(trials))
  const inputs = modelInputs(compiled).filter(
    (input) => options.parametersOnly !== true || input.id.startsWith('parameter:'),
  )
  const values = inputs.map(() => new Float64Array(trials))
  forEachBlock(
    scenario,
    { trials, seed: String(options.seed ?? '1'), signal: options.signal },
    (output, offset) => {
      const size = output.blockSize
      for (let t = 0; t < output.count; t++) {
        optionIds.forEach((_, o) => {
          utilities[o]![offset + t] = output.utilities[(first + o) * size + t]!
        })
        inputs.forEach((input, i) => {
          values[i]![offset + t] = output.columns[input.column * size + t]!
        })
      }
    },
  )
  return {
    options: optionIds,
    utilities,
    inputs: Object.fromEntries(inputs.map((input, i) => [input.id, values[i]!])),
  }
}
