import type { CompiledScenario, InputColumn } from '../../engine/compileScenario'
import { suggestNames } from '../../model/internal/nearestNames'
import type { Scenario } from '../../model/scenarioSchema'
import { variant } from '../../model/variant'

/** The uncertain model inputs: every drawn column but the draws that pick mixed choices and equilibria. @internal */
export const modelInputs = (
  compiled: CompiledScenario,
): ReadonlyArray<InputColumn & { readonly column: number }> =>
  compiled.inputs.flatMap((input, column) =>
    input.id.startsWith('choice:') || input.id.startsWith('select:') ? [] : [{ ...input, column }],
  )

/**
 * The scenario with one input fixed at a value: `parameter:NAME`, `weight:ACTOR.FACTOR` or
 * `effect:ACTOR.OPTION.FACTOR`. Every other input keeps its own stream, so runs of the original and of
 * the fixed scenario under one seed share all other draws (common random numbers).
 * @internal
 */
export const fixInput = (scenario: Scenario, input: string, value: number): Scenario => {
  const [kind, path = ''] = input.split(':', 2) as [string, string | undefined]
  const parts = path.split('.')
  const changed = variant(scenario, (draft) => {
    if (kind === 'parameter' && draft.parameters?.[parts[0]!] !== undefined)
      draft.parameters[parts[0]!]!.dist = value
    else if (kind === 'weight' && draft.actors[parts[0]!]?.weights[parts[1]!] !== undefined)
      draft.actors[parts[0]!]!.weights[parts[1]!] = value
    else if (
      kind === 'effect' &&
      draft.actors[parts[0]!]?.options[parts[1]!]?.effects?.[parts[2]!] !== undefined
    )
      draft.actors[parts[0]!]!.options[parts[1]!]!.effects![parts[2]!] = value
    else throw new RangeError(unknownInput(scenario, input))
  })
  if (changed._tag === 'Left')
    throw new Error(`internal: fixing ${input} at ${value} made the scenario invalid`)
  return changed.right
}

/** Every input a scenario could fix: its parameters, weights and effects, by id. @internal */
export const fixableInputs = (scenario: Scenario): ReadonlyArray<string> => [
  ...Object.keys(scenario.parameters ?? {}).map((name) => `parameter:${name}`),
  ...Object.entries(scenario.actors).flatMap(([a, actor]) => [
    ...Object.keys(actor.weights).map((f) => `weight:${a}.${f}`),
    ...Object.entries(actor.options).flatMap(([o, option]) =>
      Object.keys(option.effects ?? {}).map((f) => `effect:${a}.${o}.${f}`),
    ),
  ]),
]

/** A message for an input id that names nothing, with the nearest ids. @internal */
export const unknownInput = (scenario: Scenario, input: string): string =>
  `unknown input '${input}' (${suggestNames(input, fixableInputs(scenario), 'input')}); write parameter:NAME, weight:ACTOR.FACTOR or effect:ACTOR.OPTION.FACTOR`

/**
 * The value of an input that the scenario gives as a fixed number (`0.3` or `{ fixed: 0.3 }`); undefined
 * for a distribution, an expression, or an id that names nothing.
 * @internal
 */
export const fixedValueOf = (scenario: Scenario, input: string): number | undefined => {
  const [kind, path = ''] = input.split(':', 2) as [string, string]
  const [a = '', b = '', c = ''] = path.split('.')
  const raw =
    kind === 'parameter'
      ? scenario.parameters?.[a]?.dist
      : kind === 'weight'
        ? scenario.actors[a]?.weights[b]
        : kind === 'effect'
          ? scenario.actors[a]?.options[b]?.effects?.[c]
          : undefined
  return typeof raw === 'number'
    ? raw
    : typeof raw === 'object' && raw !== null && 'fixed' in raw
      ? raw.fixed
      : undefined
}

/** An actor's index, or a RangeError naming the nearest actors. @internal */
export const actorIndexOrThrow = (compiled: CompiledScenario, actor: string): number => {
  const a = compiled.actorIds.indexOf(actor)
  if (a < 0)
    throw new RangeError(`unknown actor '${actor}' (${suggestNames(actor, compiled.actorIds, 'actor')})`)
  return a
}
