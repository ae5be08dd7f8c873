import type { BlockOutput } from '../engine/blockEvaluator'
import type { CompiledScenario } from '../engine/compileScenario'
import { suggestNames } from '../model/internal/nearestNames'

// model

/**
 * A quantity an analysis studies, per trial: an actor's choice probability of an option (`share:ACTOR.OPTION`),
 * its utility for the option where it decides (`utility:ACTOR.OPTION`), or an outcome (`outcome:NAME`).
 * Its mean over trials is the summary's share, mean utility, or outcome share/mean.
 * @since 0.1.0
 */
export interface Metric {
  readonly id: string
  readonly label: string
  /** The metric's value in trial t of a block output; NaN where undefined (an infeasible option's utility). */
  readonly read: (output: BlockOutput, t: number) => number
}

// resolving

/**
 * Resolves a metric name against a compiled scenario.
 * @param compiled - the scenario, compiled
 * @param name - `share:ACTOR.OPTION`, `utility:ACTOR.OPTION` or `outcome:NAME`
 * @returns the metric, or a message saying what is wrong and what is known
 * @example
 * import { compileScenario, decodeScenario, resolveMetric } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * resolveMetric(compileScenario(decoded.right), 'share:me.go').ok // => true
 * const wrong = resolveMetric(compileScenario(decoded.right), 'share:me.goo')
 * wrong.ok === false && wrong.message // => "unknown option 'goo' of actor 'me' (did you mean 'go'? known options: go, stay)"
 * @since 0.1.0
 */
export const resolveMetric = (
  compiled: CompiledScenario,
  name: string,
): { readonly ok: true; readonly metric: Metric } | { readonly ok: false; readonly message: string } => {
  const [kind, rest = ''] = name.split(':', 2) as [string, string | undefined]
  if (kind === 'outcome') {
    const k = compiled.outcomes.findIndex((o) => o.id === rest)
    if (k < 0)
      return {
        ok: false,
        message: `unknown outcome '${rest}' (${suggestNames(
          rest,
          compiled.outcomes.map((o) => o.id),
          'outcome',
        )})`,
      }
    return {
      ok: true,
      metric: { id: name, label: `outcome ${rest}`, read: (out, t) => out.outcomes[k * out.blockSize + t]! },
    }
  }
  if (kind !== 'share' && kind !== 'utility')
    return {
      ok: false,
      message: `unknown metric kind '${kind}': write share:ACTOR.OPTION, utility:ACTOR.OPTION or outcome:NAME`,
    }
  const [actorId = '', optionId = ''] = rest.split('.', 2) as [string, string]
  const a = compiled.actorIds.indexOf(actorId)
  if (a < 0)
    return {
      ok: false,
      message: `unknown actor '${actorId}' (${suggestNames(actorId, compiled.actorIds, 'actor')})`,
    }
  const o = compiled.optionIds[a]!.indexOf(optionId)
  if (o < 0)
    return {
      ok: false,
      message: `unknown option '${optionId}' of actor '${actorId}' (${suggestNames(optionId, compiled.optionIds[a]!, 'option')})`,
    }
  const j = compiled.optionOffset[a]! + o
  return kind === 'share'
    ? {
        ok: true,
        metric: {
          id: name,
          label: `P(${actorId} chooses ${optionId})`,
          read: (out, t) => out.probabilities[j * out.blockSize + t]!,
        },
      }
    : {
        ok: true,
        metric: {
          id: name,
          label: `${actorId}'s utility of ${optionId}`,
          read: (out, t) => out.utilities[j * out.blockSize + t]!,
        },
      }
}

/**
 * Like {@link resolveMetric}, for callers whose metric name is part of their program: throws on a bad name.
 * @internal
 */
export const metricOrThrow = (compiled: CompiledScenario, name: string): Metric => {
  const resolved = resolveMetric(compiled, name)
  if (!resolved.ok) throw new RangeError(resolved.message)
  return resolved.metric
}
