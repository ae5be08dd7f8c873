import { type CompiledExpression, compileExpression, type ExpressionIndex } from '../model/compileExpression'
import { isBoolean, parametersRead, readsChoices } from '../model/expression'
import { expressionOf } from '../model/internal/expressionCache'
import type { QuantitySpec, RandomDistributionSpec, Scenario } from '../model/scenarioSchema'
import { type Distribution, distribution } from '../random/distribution'

// model

/** An uncertain input drawn once per trial: a parameter, a weight or an effect given as a distribution. @since 0.1.0 */
export interface InputColumn {
  /** `parameter:NAME`, `weight:ACTOR.FACTOR`, or `effect:ACTOR.OPTION.FACTOR`. */
  readonly id: string
  readonly label: string
  readonly distribution: Distribution
}

/** How a parameter gets its value in a trial. @internal */
export type ParameterSource =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'column'; readonly column: number }
  | { readonly kind: 'derived'; readonly evaluate: CompiledExpression }

/**
 * A scenario compiled once into flat arrays and closures for the per-trial loop.
 * Flat option index: `optionOffset[actor] + option`.
 * @since 0.1.0
 */
export interface CompiledScenario {
  readonly scenario: Scenario
  readonly actorIds: ReadonlyArray<string>
  readonly actorLabels: ReadonlyArray<string>
  readonly optionIds: ReadonlyArray<ReadonlyArray<string>>
  readonly optionLabels: ReadonlyArray<ReadonlyArray<string>>
  readonly optionOffset: Int32Array
  readonly optionActor: Int32Array
  readonly optionCount: number
  readonly factorIds: ReadonlyArray<string>
  readonly parameterIds: ReadonlyArray<string>
  readonly parameterSources: ReadonlyArray<ParameterSource>
  /** Derived parameters in an order where each comes after those it reads. */
  readonly derivedOrder: Int32Array
  readonly inputs: ReadonlyArray<InputColumn>
  /** Weight slots are `actor * factorCount + factor`; each declared weight is a constant or a column. */
  readonly weightSlot: Int32Array
  readonly weightColumn: Int32Array
  readonly weightConstant: Float64Array
  /** Effect terms that do not depend on choices: summed once per trial into a base utility per option. */
  readonly staticTerms: EffectTerms
  /** Effect terms that read choices: evaluated at each leaf of the game tree, grouped by option. */
  readonly dynamicTerms: EffectTerms
  /** The dynamic terms of flat option j are `dynamicStart[j]` up to `dynamicStart[j + 1]`. */
  readonly dynamicStart: Int32Array
  readonly feasible: ReadonlyArray<CompiledExpression | undefined>
  /** The actor moving at each stage. */
  readonly stageActor: Int32Array
  /** 0 for argmax, lambda for logit. */
  readonly lambda: Float64Array
  /** Columns of uniforms used to draw logit choices, one per stage (-1 when the mover is argmax). */
  readonly choiceColumn: Int32Array
  readonly outcomes: ReadonlyArray<{
    readonly id: string
    readonly evaluate: CompiledExpression
    readonly boolean: boolean
  }>
}

/** Effect terms of one kind, as parallel arrays. @internal */
export interface EffectTerms {
  readonly option: Int32Array
  readonly weightSlot: Int32Array
  /** 0: constant, 1: column, 2: expression. */
  readonly kind: Int8Array
  readonly constant: Float64Array
  readonly column: Int32Array
  readonly evaluate: ReadonlyArray<CompiledExpression | undefined>
}

// compiling

const cache = new WeakMap<Scenario, CompiledScenario>()

type Term = {
  option: number
  weightSlot: number
  kind: 0 | 1 | 2
  constant: number
  column: number
  evaluate?: CompiledExpression
}

const packTerms = (terms: ReadonlyArray<Term>): EffectTerms => ({
  option: Int32Array.from(terms, (t) => t.option),
  weightSlot: Int32Array.from(terms, (t) => t.weightSlot),
  kind: Int8Array.from(terms, (t) => t.kind),
  constant: Float64Array.from(terms, (t) => t.constant),
  column: Int32Array.from(terms, (t) => t.column),
  evaluate: terms.map((t) => t.evaluate),
})

/**
 * Compiles a decoded scenario once (memoised per scenario object).
 * @param scenario - a decoded scenario
 * @returns its compiled form
 * @example
 * import { compileScenario, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   parameters: { luck: { dist: { uniform: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * compileScenario(decoded.right).inputs.map((input) => input.id) // => ['parameter:luck']
 * @since 0.1.0
 */
export const compileScenario = (scenario: Scenario): CompiledScenario => {
  const known = cache.get(scenario)
  if (known !== undefined) return known
  const compiled = compile(scenario)
  cache.set(scenario, compiled)
  return compiled
}

const compile = (scenario: Scenario): CompiledScenario => {
  const actorIds = Object.keys(scenario.actors)
  const actors = actorIds.map((id) => scenario.actors[id]!)
  const optionIds = actors.map((actor) => Object.keys(actor.options))
  const optionOffset = new Int32Array(actorIds.length)
  let optionCount = 0
  actorIds.forEach((_, a) => {
    optionOffset[a] = optionCount
    optionCount += optionIds[a]!.length
  })
  const optionActor = new Int32Array(optionCount)
  actorIds.forEach((_, a) => {
    optionActor.fill(a, optionOffset[a]!, optionOffset[a]! + optionIds[a]!.length)
  })
  const factorIds = Object.keys(scenario.factors)
  const parameters = scenario.parameters ?? {}
  const parameterIds = Object.keys(parameters)
  const index: ExpressionIndex = {
    parameter: (name) => parameterIds.indexOf(name),
    actor: (id) => actorIds.indexOf(id),
    option: (actor, id) => optionIds[actor]?.indexOf(id) ?? -1,
  }
  const compileText = (text: string) => compileExpression(expressionOf(scenario, text), index)
  const inputs: InputColumn[] = []
  const addColumn = (id: string, label: string, spec: Parameters<typeof distribution>[0]) => {
    inputs.push({ id, label, distribution: distribution(spec) })
    return inputs.length - 1
  }

  // parameters, in declared order
  const parameterSources: ParameterSource[] = parameterIds.map((name) => {
    const parameter = parameters[name]!
    const spec = parameter.dist
    const label = parameter.label ?? name
    if (typeof spec === 'number') return { kind: 'fixed', value: spec }
    if (typeof spec === 'string') return { kind: 'derived', evaluate: compileText(spec) }
    if ('fixed' in spec) return { kind: 'fixed', value: spec.fixed }
    if ('expr' in spec) return { kind: 'derived', evaluate: compileText(spec.expr) }
    return { kind: 'column', column: addColumn(`parameter:${name}`, label, spec) }
  })
  const derivedOrder = orderDerived(scenario, parameterIds)

  // weights, actor by actor
  const factorCount = factorIds.length
  const weightSlots: number[] = []
  const weightColumns: number[] = []
  const weightConstants: number[] = []
  actors.forEach((actor, a) => {
    for (const [factor, spec] of Object.entries(actor.weights)) {
      weightSlots.push(a * factorCount + factorIds.indexOf(factor))
      if (typeof spec === 'number' || 'fixed' in spec) {
        weightColumns.push(-1)
        weightConstants.push(typeof spec === 'number' ? spec : spec.fixed)
      } else {
        weightColumns.push(
          addColumn(
            `weight:${actorIds[a]}.${factor}`,
            `${actor.label ?? actorIds[a]}: weight on ${scenario.factors[factor]?.label ?? factor}`,
            spec,
          ),
        )
        weightConstants.push(0)
      }
    }
  })

  // effects, actor by actor, option by option
  const staticTerms: Term[] = []
  const dynamicTerms: Term[] = []
  const feasible: Array<CompiledExpression | undefined> = []
  actors.forEach((actor, a) => {
    optionIds[a]!.forEach((optionId, o) => {
      const option = actor.options[optionId]!
      const flat = optionOffset[a]! + o
      feasible.push(option.feasible === undefined ? undefined : compileText(option.feasible))
      for (const [factor, spec] of Object.entries(option.effects ?? {})) {
        const term: Term = {
          option: flat,
          weightSlot: a * factorCount + factorIds.indexOf(factor),
          kind: 0,
          constant: 0,
          column: -1,
        }
        const text = expressionText(spec)
        if (text !== undefined) {
          term.kind = 2
          term.evaluate = compileText(text)
          if (readsChoices(expressionOf(scenario, text))) {
            dynamicTerms.push(term)
            continue
          }
        } else if (typeof spec === 'number') term.constant = spec
        else if (typeof spec === 'object' && 'fixed' in spec) term.constant = spec.fixed
        else {
          term.kind = 1
          term.column = addColumn(
            `effect:${actorIds[a]}.${optionId}.${factor}`,
            `${actor.label ?? actorIds[a]}: effect of ${option.label ?? optionId} on ${scenario.factors[factor]?.label ?? factor}`,
            spec as RandomDistributionSpec,
          )
        }
        staticTerms.push(term)
      }
    })
  })

  // stages and rules
  const stages = scenario.stages ?? actorIds.map((id) => [id])
  const stageActor = Int32Array.from(stages, (stage) => actorIds.indexOf(stage[0]!))
  const lambda = Float64Array.from(actors, (actor) =>
    actor.rule === undefined || actor.rule === 'argmax' ? 0 : actor.rule.logit,
  )
  const choiceColumn = Int32Array.from(stageActor, (a) =>
    lambda[a]! > 0
      ? addColumn(`choice:${actorIds[a]}`, `${actors[a]!.label ?? actorIds[a]}: logit draw`, {
          uniform: [0, 1],
        })
      : -1,
  )

  const outcomes = Object.entries(scenario.outcomes ?? {}).map(([id, spec]) => {
    const text = typeof spec === 'string' ? spec : spec.expr
    return { id, evaluate: compileText(text), boolean: isBoolean(expressionOf(scenario, text)) }
  })

  // Group choice-dependent terms by option, so a leaf visits only the terms of the options chosen there.
  dynamicTerms.sort((x, y) => x.option - y.option)
  const dynamicStart = new Int32Array(optionCount + 1)
  for (const term of dynamicTerms) dynamicStart[term.option + 1]!++
  for (let j = 0; j < optionCount; j++) dynamicStart[j + 1]! += dynamicStart[j]!

  return {
    scenario,
    actorIds,
    actorLabels: actors.map((actor, a) => actor.label ?? actorIds[a]!),
    optionIds,
    optionLabels: actors.map((actor, a) => optionIds[a]!.map((id) => actor.options[id]!.label ?? id)),
    optionOffset,
    optionActor,
    optionCount,
    factorIds,
    parameterIds,
    parameterSources,
    derivedOrder,
    inputs,
    weightSlot: Int32Array.from(weightSlots),
    weightColumn: Int32Array.from(weightColumns),
    weightConstant: Float64Array.from(weightConstants),
    staticTerms: packTerms(staticTerms),
    dynamicTerms: packTerms(dynamicTerms),
    dynamicStart,
    feasible,
    stageActor,
    lambda,
    choiceColumn,
    outcomes,
  }
}

const expressionText = (spec: QuantitySpec): string | undefined =>
  typeof spec === 'string' ? spec : typeof spec === 'object' && 'expr' in spec ? spec.expr : undefined

/** Derived parameters after the ones they read (the decoder has ruled out cycles). */
const orderDerived = (scenario: Scenario, parameterIds: ReadonlyArray<string>): Int32Array => {
  const order: number[] = []
  const placed = new Set<string>()
  const visit = (name: string): void => {
    if (placed.has(name)) return
    placed.add(name)
    const text = expressionText(scenario.parameters![name]!.dist)
    if (text === undefined) return
    for (const read of parametersRead(expressionOf(scenario, text))) visit(read)
    order.push(parameterIds.indexOf(name))
  }
  for (const name of parameterIds) visit(name)
  return Int32Array.from(order)
}
