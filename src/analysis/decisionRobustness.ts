import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import type { Scenario } from '../model/scenarioSchema'
import { decisionData } from './decisionData'
import { type Robustness, robustness } from './robustness'

/** Options of {@link decisionRobustness}. @since 0.1.0 */
export interface DecisionRobustnessOptions extends Abortable {
  readonly actor: string
  /** Satisficing threshold on the actor's utility. @defaultValue 0 */
  readonly threshold?: number
  /** @defaultValue 20_000 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
}

/**
 * Robustness of each of an actor's options across the draws, as Rhodium reports it: expected utility,
 * regret against the best option in each draw, and the share of draws above a threshold.
 * @param scenario - a decoded scenario
 * @param options - actor, threshold, trials, seed
 * @returns per option: expected utility, regret (mean, 90th percentile, max), satisficing share, feasible share
 * @throws RangeError for an unknown actor
 * @example
 * import { decisionRobustness, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { uniform: [-1, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = decisionRobustness(decoded.right, { actor: 'me', trials: 4096 })
 * result['stay']!.regret.max > 0.99 && result['go']!.satisficing > 0.45 // => true
 * @since 0.1.0
 */
export const decisionRobustness = (scenario: Scenario, options: DecisionRobustnessOptions): Robustness => {
  const result = robustness(
    decisionData(scenario, {
      actor: options.actor,
      ...(options.trials === undefined ? {} : { trials: options.trials }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }),
    options.threshold === undefined ? {} : { threshold: options.threshold },
  )
  return attachDisplay(result, () =>
    import('../report/notebook').then((m) => m.robustnessBundle(options.actor, result)),
  )
}
