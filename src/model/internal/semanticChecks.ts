import { logarithm } from '../../math/portableMath'
import { compileExpression } from '../compileExpression'
import {
  actorsRead,
  type Expression,
  forEachNode,
  parametersRead,
  parseExpression,
  RESERVED_WORDS,
} from '../expression'
import { type ScenarioError, scenarioError } from '../scenarioError'
import { DISTRIBUTION_KEYS, ID_PATTERN } from '../scenarioSchema'
import { suggestNames } from './nearestNames'
import { entriesOf, isPlainObject } from './rawAccess'

type Path = ReadonlyArray<string | number>

/** Most locator words accepted; the design asks for about 12. @since 0.1.0 */
export const MAX_LOCATOR_WORDS = 15
/** Most internal nodes of the stage tree: histories of choices before each stage, summed. @since 0.1.0 */
export const MAX_GAME_TREE_NODES = 1_000_000
/**
 * Most joint profiles (the product of the actors' option counts) of a simultaneous stage with logit actors:
 * its equilibrium weighs every profile, and each iteration costs profiles × actors² operations.
 * @since 0.1.0
 */
export const MAX_LOGIT_STAGE_PROFILES = 4096

/** Most actors in a scenario. @since 0.1.0 */
export const MAX_ACTORS = 32
/** Most options of one actor. @since 0.1.0 */
export const MAX_OPTIONS = 1000
/** Most options of all actors together (each costs a few columns of a block's buffers). @since 0.1.0 */
export const MAX_TOTAL_OPTIONS = 4000
/** Most factors. @since 0.1.0 */
export const MAX_FACTORS = 256
/** Most parameters. @since 0.1.0 */
export const MAX_PARAMETERS = 1024
/**
 * Most uncertain inputs (parameters, weights and effects given as distributions): each is a column of a
 * block's draws.
 * @since 0.1.0
 */
export const MAX_UNCERTAIN_INPUTS = 4096
/** Most actors moving at once in one simultaneous stage. @since 0.1.0 */
export const MAX_STAGE_ACTORS = 16
/**
 * Most joint choices of all actors together (the product over actors of options + 1, for "no feasible
 * option"): the summary counts profiles by an integer code, exact only below 2^53.
 * @since 0.1.0
 */
export const MAX_JOINT_PROFILES = 2 ** 53

/** What the semantic pass learns besides the errors: each expression text, parsed. @internal */
export interface SemanticResult {
  readonly errors: ReadonlyArray<ScenarioError>
  readonly expressions: ReadonlyMap<string, Expression>
}

interface Context {
  readonly errors: ScenarioError[]
  readonly expressions: Map<string, Expression>
  readonly sources: ReadonlyArray<string>
  readonly parameters: ReadonlyArray<string>
  readonly factors: ReadonlyArray<string>
  readonly actors: ReadonlyArray<string>
  readonly options: ReadonlyMap<string, ReadonlyArray<string>>
  readonly stageOf: ReadonlyMap<string, number>
}

type Role =
  | { readonly kind: 'parameter' }
  | { readonly kind: 'feasible'; readonly actor: string }
  | { readonly kind: 'free' }

const objectKeys = (value: unknown): ReadonlyArray<string> => entriesOf(value, ID_PATTERN).map(([key]) => key)

/** Most elements of any list in a scenario. @since 0.1.0 */
export const MAX_LIST_LENGTH = 10_000
/** Most characters of any text in a scenario. @since 0.1.0 */
export const MAX_TEXT_LENGTH = 100_000
/** Most values (objects, lists and leaves) in a whole scenario. @since 0.1.0 */
export const MAX_VALUES = 1_000_000

/**
 * Checks of the raw input made before anything else, without recursion (so depth cannot overflow) and
 * visiting each object once (so shared references cannot multiply the work): forbidden keys
 * (`__proto__`), and sizes. An oversized input is refused at once, before the schema walks it.
 * @internal
 */
export const checkRawInput = (
  input: unknown,
): { readonly errors: ScenarioError[]; readonly oversized: boolean } => {
  const errors: ScenarioError[] = []
  let oversized = false
  const stack: Array<readonly [unknown, Path]> = [[input, []]]
  const seen = new WeakSet<object>()
  let visited = 0
  while (stack.length > 0) {
    const [value, path] = stack.pop()!
    if (++visited > MAX_VALUES) {
      errors.push(
        scenarioError(
          'LimitExceeded',
          [],
          `a scenario of at most ${MAX_VALUES} values`,
          'more',
          'is this a scenario? Real ones hold a few thousand values',
        ),
      )
      return { errors, oversized: true }
    }
    if (typeof value === 'string' && value.length > MAX_TEXT_LENGTH) {
      errors.push(
        scenarioError(
          'LimitExceeded',
          path,
          `a text of at most ${MAX_TEXT_LENGTH} characters`,
          `${value.length} characters`,
          'shorten it: long texts belong in the source files, cited by a locator',
        ),
      )
      oversized = true
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    if (Array.isArray(value) && value.length > MAX_LIST_LENGTH) {
      errors.push(
        scenarioError(
          'LimitExceeded',
          path,
          `a list of at most ${MAX_LIST_LENGTH} elements`,
          `${value.length} elements`,
          'is this list meant to be here?',
        ),
      )
      oversized = true
      continue
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        errors.push(
          scenarioError('InvalidValue', [...path, key], 'an ordinary key', "'__proto__'", 'remove this key'),
        )
        continue
      }
      if (path.length < 64)
        stack.push([
          (value as Record<string, unknown>)[key],
          // An array's own non-index keys (possible in a constructed input) stay names, not NaN.
          [...path, Array.isArray(value) && /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key],
        ])
    }
  }
  return { errors, oversized }
}

const checkAnnotations = (context: Context, value: unknown, path: Path): void => {
  if (!isPlainObject(value)) return
  const evidence = Array.isArray(value['evidence']) ? value['evidence'] : []
  evidence.forEach((item, i) => {
    if (!isPlainObject(item)) return
    const source = item['source']
    if (typeof source === 'string' && ID_PATTERN.test(source) && !context.sources.includes(source))
      context.errors.push(
        scenarioError(
          'UnknownReference',
          [...path, 'evidence', i, 'source'],
          'the id of a declared source',
          `'${source}'`,
          suggestNames(source, context.sources, 'source'),
        ),
      )
    const locator = item['locator']
    if (typeof locator === 'string') {
      const words = locator.trim().split(/\s+/).length
      if (words > MAX_LOCATOR_WORDS)
        context.errors.push(
          scenarioError(
            'InvalidValue',
            [...path, 'evidence', i, 'locator'],
            `a short locator phrase (at most ${MAX_LOCATOR_WORDS} words)`,
            `${words} words`,
            'keep only the distinctive phrase; the claim carries the meaning in our words',
          ),
        )
    }
  })
  if (value['basis'] === 'sourced' && evidence.length === 0)
    context.errors.push(
      scenarioError(
        'MissingKey',
        [...path, 'evidence'],
        "evidence for basis 'sourced'",
        'no evidence',
        'cite a source, or say basis: estimate with a rationale',
      ),
    )
  if (value['basis'] === 'estimate' && typeof value['rationale'] !== 'string')
    context.errors.push(
      scenarioError(
        'MissingKey',
        [...path, 'rationale'],
        "a rationale for basis 'estimate'",
        'no rationale',
        'say in a sentence why this number or range',
      ),
    )
}

const checkExpressionText = (
  context: Context,
  text: string,
  path: Path,
  role: Role,
): Expression | undefined => {
  const parsed = parseExpression(text)
  if (!parsed.ok) {
    const at = parsed.problem.index === undefined ? '' : ` (at character ${parsed.problem.index + 1})`
    context.errors.push(
      scenarioError(
        'ExpressionSyntax',
        path,
        'a valid expression',
        `${JSON.stringify(text)}${at}`,
        parsed.problem.message,
      ),
    )
    return undefined
  }
  const before = context.errors.length
  for (const name of parametersRead(parsed.value)) {
    if (!context.parameters.includes(name))
      context.errors.push(
        scenarioError(
          'UnknownReference',
          path,
          'names of declared parameters',
          `'${name}'`,
          `${suggestNames(name, context.parameters, 'parameter')}; actor and option ids go in quotes inside chose() or count()`,
        ),
      )
  }
  const checkOption = (actor: string, option: string) => {
    if (!context.actors.includes(actor)) {
      context.errors.push(
        scenarioError(
          'UnknownReference',
          path,
          'the id of a declared actor',
          `'${actor}'`,
          suggestNames(actor, context.actors, 'actor'),
        ),
      )
      return
    }
    const options = context.options.get(actor) ?? []
    if (!options.includes(option))
      context.errors.push(
        scenarioError(
          'UnknownReference',
          path,
          `an option of actor '${actor}'`,
          `'${option}'`,
          suggestNames(option, options, 'option'),
        ),
      )
  }
  const visit = (node: Expression): void => {
    if (node.kind === 'chose') checkOption(node.actor, node.option)
    if (node.kind === 'count') for (const actor of node.actors) checkOption(actor, node.option)
  }
  forEachNode(parsed.value, visit)
  const readActors = actorsRead(parsed.value)
  if (role.kind === 'parameter' && readActors.size > 0)
    context.errors.push(
      scenarioError(
        'ExpressionMisuse',
        path,
        'an expression over parameters only',
        `a reference to the choice of '${[...readActors][0]}'`,
        'parameters are world states drawn before anyone moves; put choice-dependent terms in effects or outcomes',
      ),
    )
  if (role.kind === 'feasible') {
    const own = context.stageOf.get(role.actor)
    for (const actor of readActors) {
      const theirs = context.stageOf.get(actor)
      if (own !== undefined && theirs !== undefined && theirs >= own)
        context.errors.push(
          scenarioError(
            'ExpressionMisuse',
            path,
            'feasibility that reads only parameters and the choices of earlier stages',
            `a reference to '${actor}', ${theirs === own ? 'in the same stage' : 'in a later stage'}`,
            'an option is feasible or not before its actor moves; move the condition into an effect',
          ),
        )
    }
  }
  if (context.errors.length > before) return undefined
  context.expressions.set(text, parsed.value)
  return parsed.value
}

/** Checks a quantity (number, expression text, or distribution object) and its annotations. */
const checkQuantity = (context: Context, value: unknown, path: Path, role: Role): Expression | undefined => {
  if (typeof value === 'string') return checkExpressionText(context, value, path, role)
  if (!isPlainObject(value)) return undefined
  checkAnnotations(context, value, path)
  if (typeof value['expr'] === 'string')
    return checkExpressionText(context, value['expr'], [...path, 'expr'], role)
  return undefined
}

const constantValue = (expression: Expression): number | undefined => {
  if (parametersRead(expression).size > 0 || actorsRead(expression).size > 0) return undefined
  const value = compileExpression(expression, { parameter: () => -1, actor: () => -1, option: () => -1 })(
    new Float64Array(0),
    new Int32Array(0),
  )
  return value
}

const checkParameterCycles = (
  context: Context,
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
): void => {
  const state = new Map<string, 'open' | 'done'>()
  const reported = new Set<string>()
  const visit = (name: string, trail: ReadonlyArray<string>): void => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'open') {
      const cycle = [...trail.slice(trail.indexOf(name)), name]
      const key = [...cycle].sort().join(',')
      if (!reported.has(key)) {
        reported.add(key)
        context.errors.push(
          scenarioError(
            'Cycle',
            ['parameters', name, 'dist'],
            'parameters that do not depend on themselves',
            cycle.join(' -> '),
            'break the cycle: one of them must be drawn, not derived',
          ),
        )
      }
      return
    }
    state.set(name, 'open')
    for (const next of dependencies.get(name) ?? []) visit(next, [...trail, name])
    state.set(name, 'done')
  }
  for (const name of dependencies.keys()) visit(name, [])
}

/** How many actors, options, factors and parameters; how many actors per stage; all actors' joint choices. */
const checkCounts = (
  input: Record<string, unknown>,
  stages: ReadonlyArray<unknown>,
  options: ReadonlyMap<string, ReadonlyArray<string>>,
  errors: ScenarioError[],
): void => {
  const limit = (path: Path, expected: string, found: string, hint: string) =>
    errors.push(scenarioError('LimitExceeded', path, expected, found, hint))
  const count = (key: string) => (isPlainObject(input[key]) ? Object.keys(input[key]).length : 0)
  if (options.size > MAX_ACTORS)
    limit(
      ['actors'],
      `at most ${MAX_ACTORS} actors`,
      `${options.size}`,
      'merge actors that decide alike into one',
    )
  for (const [actor, ids] of options)
    if (ids.length > MAX_OPTIONS)
      limit(
        ['actors', actor, 'options'],
        `at most ${MAX_OPTIONS} options`,
        `${ids.length}`,
        'group similar options, or split the decision into stages',
      )
  const total = [...options.values()].reduce((sum, ids) => sum + ids.length, 0)
  if (total > MAX_TOTAL_OPTIONS)
    limit(
      ['actors'],
      `at most ${MAX_TOTAL_OPTIONS} options in all`,
      `${total}`,
      'group similar options, or model fewer actors',
    )
  if (count('factors') > MAX_FACTORS)
    limit(
      ['factors'],
      `at most ${MAX_FACTORS} factors`,
      `${count('factors')}`,
      'merge factors that always move together',
    )
  if (count('parameters') > MAX_PARAMETERS)
    limit(
      ['parameters'],
      `at most ${MAX_PARAMETERS} parameters`,
      `${count('parameters')}`,
      'merge parameters, or fix the ones that do not matter (a sensitivity analysis shows which)',
    )
  const drawn = (value: unknown): number =>
    isPlainObject(value) && DISTRIBUTION_KEYS.some((key) => key !== 'fixed' && key in value) ? 1 : 0
  let inputs = 0
  for (const [, parameter] of entriesOf(input['parameters'], ID_PATTERN))
    inputs += drawn(isPlainObject(parameter) ? parameter['dist'] : undefined)
  for (const [, actor] of entriesOf(input['actors'], ID_PATTERN)) {
    if (!isPlainObject(actor)) continue
    for (const [, weight] of entriesOf(actor['weights'], ID_PATTERN)) inputs += drawn(weight)
    for (const [, option] of entriesOf(actor['options'], ID_PATTERN))
      for (const [, effect] of entriesOf(isPlainObject(option) ? option['effects'] : undefined, ID_PATTERN))
        inputs += drawn(effect)
  }
  if (inputs > MAX_UNCERTAIN_INPUTS)
    limit(
      [],
      `at most ${MAX_UNCERTAIN_INPUTS} uncertain inputs (parameters, weights and effects given as distributions)`,
      `${inputs}`,
      'share uncertainty through parameters: one drawn parameter can feed many effects',
    )
  stages.forEach((stage, s) => {
    if (Array.isArray(stage) && stage.length > MAX_STAGE_ACTORS)
      limit(
        ['stages', s],
        `at most ${MAX_STAGE_ACTORS} actors moving at once`,
        `${stage.length}`,
        'split the stage into sequential stages, or merge actors that decide alike',
      )
  })
  let joint = 1
  for (const ids of options.values()) joint *= ids.length + 1
  if (joint > MAX_JOINT_PROFILES)
    limit(
      ['actors'],
      `at most 2^53 joint choices of all actors (the product of each actor's options + 1)`,
      `about 2^${Math.round(logarithm(joint) / Math.LN2)}`,
      'use fewer actors or options (for example 33 actors with 2 options each, or 26 with 3)',
    )
}

/** Internal nodes of the stage tree (histories before the last stage) must fit; logit stages must be tabulable. */
const checkStageSizes = (
  input: Record<string, unknown>,
  stages: ReadonlyArray<unknown>,
  options: ReadonlyMap<string, ReadonlyArray<string>>,
  errors: ScenarioError[],
): void => {
  let width = 1
  let internalNodes = 0
  stages.forEach((stage, s) => {
    if (!Array.isArray(stage)) return
    const movers = stage.filter((actor): actor is string => typeof actor === 'string' && options.has(actor))
    const joint = movers.reduce((product, actor) => product * ((options.get(actor)?.length ?? 0) + 1), 1)
    if (s < stages.length - 1) {
      internalNodes += width
      width *= joint
    } else internalNodes += width
    const actorsInput = input['actors'] as Record<string, unknown> | undefined
    const logit = movers.some((actor) => {
      const rule = isPlainObject(actorsInput?.[actor])
        ? (actorsInput[actor] as Record<string, unknown>)['rule']
        : undefined
      return isPlainObject(rule) && 'logit' in rule
    })
    const profiles = movers.reduce((product, actor) => product * (options.get(actor)?.length ?? 0), 1)
    if (movers.length > 1 && logit && profiles > MAX_LOGIT_STAGE_PROFILES)
      errors.push(
        scenarioError(
          'LimitExceeded',
          ['stages', s],
          `a stage with logit actors of at most ${MAX_LOGIT_STAGE_PROFILES} joint profiles`,
          `${profiles} joint profiles`,
          'the logit equilibrium needs every profile; use argmax actors (solved by best-response dynamics), or fewer actors or options in this stage',
        ),
      )
  })
  if (internalNodes > MAX_GAME_TREE_NODES || !Number.isFinite(internalNodes))
    errors.push(
      scenarioError(
        'LimitExceeded',
        ['stages'],
        `at most ${MAX_GAME_TREE_NODES} histories before the last stage`,
        `${internalNodes}`,
        'put the largest simultaneous stage last, or use fewer options or stages',
      ),
    )
}

/**
 * The checks that structure alone cannot make: references between ids, expressions, stages,
 * basis consistency, cycles, static infeasibility, size. Reads the raw input defensively, so it
 * runs beside the structural checks and every problem is reported at once.
 * @internal
 */
export const semanticChecks = (input: unknown): SemanticResult => {
  const errors: ScenarioError[] = []
  if (!isPlainObject(input)) return { errors, expressions: new Map() }

  const rawSources = Array.isArray(input['sources']) ? input['sources'] : []
  const sources: string[] = []
  rawSources.forEach((source, i) => {
    const id = isPlainObject(source) ? source['id'] : undefined
    if (typeof id !== 'string') return
    if (sources.includes(id))
      errors.push(
        scenarioError(
          'DuplicateId',
          ['sources', i, 'id'],
          'a source id used once',
          `'${id}' again`,
          'give each source its own id',
        ),
      )
    sources.push(id)
  })
  const actors = objectKeys(input['actors'])
  const options = new Map(
    entriesOf(input['actors'], ID_PATTERN).map(([id, actor]) => [
      id,
      objectKeys(isPlainObject(actor) ? actor['options'] : undefined),
    ]),
  )
  const stageActors = (stage: unknown): unknown => (isPlainObject(stage) ? stage['actors'] : stage)
  const stages = Array.isArray(input['stages'])
    ? input['stages'].map(stageActors)
    : actors.map((actor) => [actor])
  const stagePath = (s: number): Path =>
    isPlainObject((input['stages'] as unknown[] | undefined)?.[s]) ? ['stages', s, 'actors'] : ['stages', s]
  const stageOf = new Map<string, number>()
  stages.forEach((stage, s) => {
    if (!Array.isArray(stage)) return
    stage.forEach((actor, i) => {
      if (typeof actor !== 'string') return
      if (!actors.includes(actor)) {
        errors.push(
          scenarioError(
            'UnknownReference',
            [...stagePath(s), i],
            'the id of a declared actor',
            `'${actor}'`,
            suggestNames(actor, actors, 'actor'),
          ),
        )
        return
      }
      if (stageOf.has(actor))
        errors.push(
          scenarioError(
            'DuplicateId',
            [...stagePath(s), i],
            'each actor in exactly one stage',
            `'${actor}' again`,
            `it already moves in stage ${stageOf.get(actor)! + 1}`,
          ),
        )
      else stageOf.set(actor, s)
    })
  })
  if (Array.isArray(input['stages']))
    for (const actor of actors)
      if (!stageOf.has(actor))
        errors.push(
          scenarioError(
            'MissingKey',
            ['stages'],
            `actor '${actor}' in one of the stages`,
            'no stage for it',
            `add [${actor}] where it moves`,
          ),
        )
  if (isPlainObject(input['actors']) && actors.length === 0)
    errors.push(scenarioError('InvalidValue', ['actors'], 'at least one actor', 'none', undefined))

  const context: Context = {
    errors,
    expressions: new Map(),
    sources,
    parameters: objectKeys(input['parameters']),
    factors: objectKeys(input['factors']),
    actors,
    options,
    stageOf,
  }

  const dependencies = new Map<string, ReadonlySet<string>>()
  for (const [name, parameter] of entriesOf(input['parameters'], ID_PATTERN)) {
    const path = ['parameters', name]
    if (RESERVED_WORDS.has(name))
      errors.push(
        scenarioError(
          'InvalidValue',
          path,
          'a parameter name that is not a reserved word',
          `'${name}'`,
          'rename it, e.g. with a suffix',
        ),
      )
    checkAnnotations(context, parameter, path)
    if (!isPlainObject(parameter)) continue
    const expression = checkQuantity(context, parameter['dist'], [...path, 'dist'], { kind: 'parameter' })
    if (expression !== undefined) dependencies.set(name, parametersRead(expression))
  }
  checkParameterCycles(context, dependencies)

  for (const [name, factor] of entriesOf(input['factors'], ID_PATTERN))
    checkAnnotations(context, factor, ['factors', name])

  for (const [actorId, actor] of entriesOf(input['actors'], ID_PATTERN)) {
    const path = ['actors', actorId]
    checkAnnotations(context, actor, path)
    if (!isPlainObject(actor)) continue
    const weights = objectKeys(actor['weights'])
    for (const [factor, weight] of entriesOf(actor['weights'], ID_PATTERN)) {
      if (!context.factors.includes(factor))
        errors.push(
          scenarioError(
            'UnknownReference',
            [...path, 'weights', factor],
            'a declared factor',
            `'${factor}'`,
            suggestNames(factor, context.factors, 'factor'),
          ),
        )
      checkQuantity(context, weight, [...path, 'weights', factor], { kind: 'free' })
    }
    const optionEntries = entriesOf(actor['options'], ID_PATTERN)
    if (isPlainObject(actor['options']) && optionEntries.length === 0)
      errors.push(
        scenarioError('InvalidValue', [...path, 'options'], 'at least one option', 'none', undefined),
      )
    let everyOptionNeverFeasible = optionEntries.length > 0
    for (const [optionId, option] of optionEntries) {
      const optionPath = [...path, 'options', optionId]
      checkAnnotations(context, option, optionPath)
      if (!isPlainObject(option)) continue
      let neverFeasible = false
      if (typeof option['feasible'] === 'string') {
        const feasible = checkExpressionText(context, option['feasible'], [...optionPath, 'feasible'], {
          kind: 'feasible',
          actor: actorId,
        })
        neverFeasible = feasible !== undefined && constantValue(feasible) === 0
      }
      everyOptionNeverFeasible &&= neverFeasible
      for (const [factor, effect] of entriesOf(option['effects'], ID_PATTERN)) {
        const effectPath = [...optionPath, 'effects', factor]
        if (!context.factors.includes(factor))
          errors.push(
            scenarioError(
              'UnknownReference',
              effectPath,
              'a declared factor',
              `'${factor}'`,
              suggestNames(factor, context.factors, 'factor'),
            ),
          )
        else if (isPlainObject(actor['weights']) && !weights.includes(factor))
          errors.push(
            scenarioError(
              'MissingKey',
              [...path, 'weights', factor],
              `a weight for factor '${factor}', which option '${optionId}' affects`,
              'no weight',
              `add weights.${factor}, or remove the effect: without a weight it never counts`,
            ),
          )
        checkQuantity(context, effect, effectPath, { kind: 'free' })
      }
    }
    if (everyOptionNeverFeasible)
      errors.push(
        scenarioError(
          'Infeasible',
          [...path, 'options'],
          'at least one option that can be feasible',
          'every option with feasible: false',
          'an actor needs something it can do',
        ),
      )
  }
  checkCounts(input, stages, options, errors)
  checkStageSizes(input, stages, options, errors)

  for (const [name, outcome] of entriesOf(input['outcomes'], ID_PATTERN)) {
    const path = ['outcomes', name]
    checkQuantity(context, outcome, path, { kind: 'free' })
  }
  return { errors, expressions: context.expressions }
}
