import {
  affineForm,
  type CompiledExpression,
  compileExpression,
  type ExpressionIndex,
} from '../model/compileExpression'
import { type Expression, isBoolean, parametersRead, readsChoices } from '../model/expression'
import { expressionOf } from '../model/internal/expressionCache'
import type { QuantitySpec, RandomDistributionSpec, Scenario, SelectionRule } from '../model/scenarioSchema'
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
  | { readonly kind: 'derived'; readonly evaluate: CompiledExpression; readonly expression: Expression }

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
  /** The feasibility conditions' trees (for evaluation a block at a time). @internal */
  readonly feasibleExpressions: ReadonlyArray<Expression | undefined>
  /** Where each name of an expression lives. @internal */
  readonly expressionIndex: ExpressionIndex
  /** The stages, in order of play. */
  readonly stages: ReadonlyArray<CompiledStage>
  /**
   * Whether every stage has one mover and no effect or feasibility condition reads a choice: then each
   * stage is an independent decision and no game tree is solved.
   */
  readonly choiceFree: boolean
  /** 0 for argmax, lambda for logit. */
  readonly lambda: Float64Array
  /** Per actor, the column of uniforms that draws its choice from a mixed solution (-1: never needed). */
  readonly choiceColumn: Int32Array
  /**
   * Per actor, its option indices sorted by option id. A uniform picks an option by walking this order, so
   * the draw does not depend on the order in which options are declared.
   */
  readonly optionsById: ReadonlyArray<Int32Array>
  readonly outcomes: ReadonlyArray<{
    readonly id: string
    readonly evaluate: CompiledExpression
    readonly boolean: boolean
  }>
}

/** Largest simultaneous stage solved by tabulating every joint profile; larger ones use best-response dynamics. @since 0.1.0 */
export const EXACT_STAGE_PROFILES = 4096

/** One stage: who moves at once, and how the stage game is solved. @since 0.1.0 */
export interface CompiledStage {
  readonly label: string
  readonly movers: Int32Array
  /** Per mover, its options + 1 (the last digit: no feasible option). */
  readonly radix: Int32Array
  /** Joint profiles: the product of `radix`. */
  readonly joint: number
  readonly selection: SelectionRule
  /** Whether any mover plays logit (the stage is then solved for a quantal response equilibrium). */
  readonly logit: boolean
  /** Whether the stage game is tabulated (the product of the movers' option counts <= EXACT_STAGE_PROFILES). */
  readonly exact: boolean
  /** The product of the movers' option counts: the largest stage game a node can have. */
  readonly profiles: number
  /** Column of uniforms that picks among several selected equilibria (-1 for a single mover). */
  readonly selectColumn: number
  /** Movers' positions (k) sorted by actor id: with `optionRank`, a declaration-free order of joint profiles. */
  readonly moversById: Int32Array
  /** Per mover k, per option: its rank among the mover's option ids (the no-option digit ranks last). */
  readonly optionRank: ReadonlyArray<Int32Array>
}

/** Effect terms of one kind, as parallel arrays. @internal */
export interface EffectTerms {
  readonly option: Int32Array
  readonly weightSlot: Int32Array
  /**
   * 0: constant, 1: column, 2: expression (per trial), 3: affine in drawn or fixed parameters (evaluated a
   * block at a time from the columns: see `affine`).
   */
  readonly kind: Int8Array
  readonly constant: Float64Array
  readonly column: Int32Array
  readonly evaluate: ReadonlyArray<CompiledExpression | undefined>
  /** For kind 2: the expression's tree. */
  readonly expression: ReadonlyArray<Expression | undefined>
  /** For kind 3: c + Σ k·(column value or fixed value), in the expression's order. */
  readonly affine: ReadonlyArray<AffineTerm | undefined>
}

/**
 * An affine effect over parameters as a chain t₀ ± t₁ ± … (see `Affine` in compileExpression), with each
 * parameter resolved to where it comes from, for evaluation a block at a time in the same order.
 * @internal
 */
export interface AffineTerm {
  readonly signs: Int8Array
  readonly coefficients: Float64Array
  /** Per term: the input column it reads, −1 for a fixed parameter, −2 for a constant. */
  readonly columns: Int32Array
  /** Per term: the fixed parameter's value (when `columns` is −1). */
  readonly fixed: Float64Array
}

// compiling

const cache = new WeakMap<Scenario, CompiledScenario>()

type Term = {
  option: number
  weightSlot: number
  kind: 0 | 1 | 2 | 3
  constant: number
  column: number
  evaluate?: CompiledExpression
  expression?: Expression
  affine?: AffineTerm
}

const packTerms = (terms: ReadonlyArray<Term>): EffectTerms => ({
  option: Int32Array.from(terms, (t) => t.option),
  weightSlot: Int32Array.from(terms, (t) => t.weightSlot),
  kind: Int8Array.from(terms, (t) => t.kind),
  constant: Float64Array.from(terms, (t) => t.constant),
  column: Int32Array.from(terms, (t) => t.column),
  evaluate: terms.map((t) => t.evaluate),
  expression: terms.map((t) => t.expression),
  affine: terms.map((t) => t.affine),
})

/**
 * Where a weight slot (`actor * factorCount + factor`) gets its value: a column of draws, or a constant
 * (0 for a factor the actor does not weigh).
 * @internal
 */
export const weightSource = (
  compiled: Pick<CompiledScenario, 'weightSlot' | 'weightColumn' | 'weightConstant'>,
  slot: number,
): { readonly column: number; readonly constant: number } => {
  const declared = compiled.weightSlot.indexOf(slot)
  return declared < 0
    ? { column: -1, constant: 0 }
    : { column: compiled.weightColumn[declared]!, constant: compiled.weightConstant[declared]! }
}

/**
 * Term k's value in trial t of a block: its constant, its input column's value, or its expression (an affine
 * chain included, which a block usually takes a column at a time instead).
 * @internal
 */
export const termValue = (
  terms: EffectTerms,
  k: number,
  columns: Float64Array,
  blockSize: number,
  t: number,
  parameters: Float64Array,
  choices: Int32Array,
): number => {
  const kind = terms.kind[k]!
  return kind === 0
    ? terms.constant[k]!
    : kind === 1
      ? columns[terms.column[k]! * blockSize + t]!
      : terms.evaluate[k]!(parameters, choices)
}

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
    if (typeof spec === 'string')
      return { kind: 'derived', evaluate: compileText(spec), expression: expressionOf(scenario, spec) }
    if ('fixed' in spec) return { kind: 'fixed', value: spec.fixed }
    if ('expr' in spec)
      return {
        kind: 'derived',
        evaluate: compileText(spec.expr),
        expression: expressionOf(scenario, spec.expr),
      }
    return { kind: 'column', column: addColumn(`parameter:${name}`, label, spec) }
  })
  const derivedOrder = orderDerived(scenario, parameterIds)
  /** An affine expression whose parameters are all drawn (a column) or fixed: evaluable a block at a time. */
  const columnarAffine = (expression: Parameters<typeof affineForm>[0]): AffineTerm | undefined => {
    const form = affineForm(expression, index)
    if (form === undefined || !form.slots.some((slot) => slot >= 0)) return undefined
    const sources = [...form.slots].map((slot) => (slot < 0 ? undefined : parameterSources[slot]!))
    if (sources.some((source) => source?.kind === 'derived')) return undefined
    return {
      signs: form.signs,
      coefficients: form.coefficients,
      columns: Int32Array.from(sources, (source) =>
        source === undefined ? -2 : source.kind === 'column' ? source.column : -1,
      ),
      fixed: Float64Array.from(sources, (source) => (source?.kind === 'fixed' ? source.value : 0)),
    }
  }

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
  let feasibilityReadsChoices = false
  actors.forEach((actor, a) => {
    optionIds[a]!.forEach((optionId, o) => {
      const option = actor.options[optionId]!
      const flat = optionOffset[a]! + o
      feasible.push(option.feasible === undefined ? undefined : compileText(option.feasible))
      if (option.feasible !== undefined && readsChoices(expressionOf(scenario, option.feasible)))
        feasibilityReadsChoices = true
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
          term.expression = expressionOf(scenario, text)
          if (readsChoices(expressionOf(scenario, text))) {
            dynamicTerms.push(term)
            continue
          }
          const affine = columnarAffine(expressionOf(scenario, text))
          if (affine !== undefined) {
            term.kind = 3
            term.affine = affine
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
  const lambda = Float64Array.from(actors, (actor) =>
    actor.rule === undefined || actor.rule === 'argmax' ? 0 : actor.rule.logit,
  )
  const stageSpecs = scenario.stages ?? actorIds.map((id) => [id])
  const stageMovers = stageSpecs.map((spec) =>
    ('actors' in spec ? spec.actors : spec).map((id) => actorIds.indexOf(id)),
  )
  // Uniform columns that draw choices from mixed solutions: logit actors, and everyone in a simultaneous stage.
  const choiceColumn = new Int32Array(actorIds.length).fill(-1)
  for (const movers of stageMovers)
    for (const a of movers)
      if (lambda[a]! > 0 || movers.length > 1)
        choiceColumn[a] = addColumn(
          `choice:${actorIds[a]}`,
          `${actors[a]!.label ?? actorIds[a]}: draw of its mixed choice`,
          { uniform: [0, 1] },
        )
  const stages: CompiledStage[] = stageSpecs.map((spec, d) => {
    const movers = Int32Array.from(stageMovers[d]!)
    const radix = Int32Array.from(movers, (a) => optionIds[a]!.length + 1)
    const joint = radix.reduce((product, r) => product * r, 1)
    const profiles = radix.reduce((product, r) => product * (r - 1), 1)
    const ids = [...movers].map((a) => actorIds[a]!)
    return {
      label: ('label' in spec ? spec.label : undefined) ?? ids.join(' + '),
      movers,
      radix,
      joint,
      selection: ('selection' in spec ? spec.selection : undefined) ?? scenario.selection ?? 'all',
      logit: [...movers].some((a) => lambda[a]! > 0),
      exact: profiles <= EXACT_STAGE_PROFILES,
      profiles,
      selectColumn:
        movers.length > 1
          ? addColumn(`select:${[...ids].sort().join('+')}`, `stage ${d + 1}: draw among equilibria`, {
              uniform: [0, 1],
            })
          : -1,
      moversById: Int32Array.from(
        ids
          .map((id, k) => [id, k] as const)
          .sort((x, y) => (x[0] < y[0] ? -1 : 1))
          .map(([, k]) => k),
      ),
      optionRank: [...movers].map((a) => {
        const sorted = [...optionIds[a]!].sort()
        return Int32Array.from([...optionIds[a]!.map((id) => sorted.indexOf(id)), optionIds[a]!.length])
      }),
    }
  })

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
    feasibleExpressions: actors.flatMap((actor, a) =>
      optionIds[a]!.map((id) => {
        const text = actor.options[id]!.feasible
        return text === undefined ? undefined : expressionOf(scenario, text)
      }),
    ),
    expressionIndex: index,
    stages,
    choiceFree:
      dynamicTerms.length === 0 &&
      !feasibilityReadsChoices &&
      stages.every((stage) => stage.movers.length === 1),
    lambda,
    choiceColumn,
    optionsById: optionIds.map((ids) =>
      Int32Array.from(
        ids
          .map((id, o) => [id, o] as const)
          .sort((x, y) => (x[0] < y[0] ? -1 : 1))
          .map(([, o]) => o),
      ),
    ),
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
