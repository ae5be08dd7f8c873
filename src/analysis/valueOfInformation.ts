import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import type { Scenario } from '../model/scenarioSchema'
import { decisionData } from './decisionData'
import { expectedValueOfInformation, type ValueOfInformation } from './expectedValueOfInformation'

/** Options of {@link valueOfInformation}. @since 0.1.0 */
export interface ScenarioValueOfInformationOptions extends Abortable {
  readonly actor: string
  /** @defaultValue 20_000 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
}

/**
 * How much an actor would gain, in its own utility, from knowing the uncertain world before choosing:
 * all of it (EVPI) or one parameter at a time (EVPPI), for any actor with any number of options.
 * @param scenario - a decoded scenario
 * @param options - actor, trials, seed
 * @returns `{ evpi, evppi: { [parameter]: value }, ... }`, EVPPI keyed by parameter name
 * @throws RangeError for an unknown actor
 * @example
 * import { decodeScenario, valueOfInformation } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { normal: [0, 1] } }, noise: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const voi = valueOfInformation(decoded.right, { actor: 'me', trials: 50_000 })
 * Math.abs(voi.evpi - 1 / Math.sqrt(2 * Math.PI)) < 0.01 // => true
 * voi.evppi['noise']! < 0.01 // => true
 * @since 0.1.0
 */
export const valueOfInformation = (
  scenario: Scenario,
  options: ScenarioValueOfInformationOptions,
): ValueOfInformation => {
  const data = decisionData(scenario, { ...options, parametersOnly: true })
  const byName = Object.fromEntries(
    Object.entries(data.inputs).map(([id, values]) => [id.replace(/^parameter:/, ''), values]),
  )
  const result = expectedValueOfInformation({ ...data, inputs: byName })
  return attachDisplay(result, () =>
    import('../report/notebook').then((m) => m.voiBundle(options.actor, result)),
  )
}
