import type { Either } from 'fp-ts/lib/Either.js'
import { type Draft, produce } from 'immer'
import { decodeScenario } from './decodeScenario'
import type { ScenarioError } from './scenarioError'
import type { Scenario, ScenarioData } from './scenarioSchema'

/**
 * Makes a variant of a scenario with an immer recipe, and validates it again. The base is untouched.
 * @param base - a decoded scenario
 * @param recipe - changes a draft of the scenario's data in place
 * @returns the errors of the changed scenario, or the variant
 * @example
 * import { decodeScenario, variant } from 'statecraft'
 * const base = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (base._tag === 'Left') throw new Error('invalid')
 * const changed = variant(base.right, (draft) => { draft.actors['me']!.weights['gain'] = -1 })
 * changed._tag === 'Right' && changed.right.actors['me']?.weights['gain'] // => -1
 * base.right.actors['me']?.weights['gain'] // => 1
 * @since 0.1.0
 */
export const variant = (
  base: Scenario,
  recipe: (draft: Draft<ScenarioData>) => void,
): Either<ReadonlyArray<ScenarioError>, Scenario> => decodeScenario(produce(base as ScenarioData, recipe))
