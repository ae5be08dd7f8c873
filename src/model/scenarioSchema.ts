import * as z from 'zod'
import { MIN_TRUNCATED_MASS, truncatedNormalMass } from '../math/normal'

// The one definition of the scenario file format. The decoder validates structure with it and
// `statecraft schema` prints the JSON Schema generated from it, so the two cannot drift apart.
// Checks that JSON Schema cannot say (lo <= mode <= hi, sd > 0, references between ids,
// expressions) are refinements here or semantic checks in decodeScenario.

// identifiers

/** Identifiers of sources, parameters, factors, actors, options and outcomes. @since 0.1.0 */
export const ID_PATTERN = /^[a-z][a-z0-9_]*$/

const Id = z
  .string()
  .regex(ID_PATTERN)
  .meta({ description: 'lowercase snake case: a letter, then letters, digits, _' })
/** A scenario's own id may also use hyphens, like a file name: `isf-pakistan`. @since 0.1.0 */
export const SCENARIO_ID_PATTERN = /^[a-z][a-z0-9_-]*$/
const ScenarioId = z
  .string()
  .regex(SCENARIO_ID_PATTERN)
  .meta({ description: 'lowercase letters, digits, _ and -' })

// evidence

const Evidence = z
  .strictObject({
    source: Id.meta({ description: 'id of a source declared under `sources`' }),
    locator: z.string().min(1).meta({
      description: 'a short phrase (at most about 12 words) that occurs verbatim in the source file',
    }),
    claim: z.string().min(1).meta({ description: 'what the source supports, in our own words' }),
  })
  .meta({ description: 'a citation: where in which source a claim is supported' })

const annotations = {
  label: z.string().optional(),
  basis: z.enum(['sourced', 'estimate']).optional().meta({
    description: 'sourced: stated in a source (needs evidence); estimate: a judgement (needs a rationale)',
  }),
  rationale: z.string().min(1).optional().meta({ description: 'why this number or range, for estimates' }),
  evidence: z.array(Evidence).optional(),
}

// distributions

const finite = z.number()
type Issue = { code: 'custom'; message: string; path: Array<string | number>; params: Record<string, string> }
type RefineContext = { addIssue: (issue: Issue) => void }
const problem = (ctx: RefineContext, path: Array<string | number>, expected: string, found: string) =>
  ctx.addIssue({ code: 'custom', message: `expected ${expected}`, path, params: { expected, found } })

const checkOrdered = (key: string) => (v: Record<string, unknown>, ctx: RefineContext) => {
  const [lo, mode, hi] = v[key] as [number, number, number]
  if (!(lo < hi)) problem(ctx, [key], 'lo < hi', `lo ${lo}, hi ${hi}`)
  else if (!(lo <= mode && mode <= hi))
    problem(ctx, [key, 1], `a mode between lo ${lo} and hi ${hi}`, `${mode}`)
}

const distributionBranches = {
  fixed: z.strictObject({ fixed: finite, ...annotations }),
  expr: z.strictObject({ expr: z.string().min(1), ...annotations }),
  uniform: z.strictObject({ uniform: z.tuple([finite, finite]), ...annotations }).superRefine((v, ctx) => {
    if (!(v.uniform[0] < v.uniform[1]))
      problem(ctx, ['uniform'], 'lo < hi', `lo ${v.uniform[0]}, hi ${v.uniform[1]}`)
  }),
  triangular: z
    .strictObject({ triangular: z.tuple([finite, finite, finite]), ...annotations })
    .superRefine(checkOrdered('triangular')),
  pert: z
    .strictObject({ pert: z.tuple([finite, finite, finite]), ...annotations })
    .superRefine(checkOrdered('pert')),
  normal: z
    .strictObject({
      normal: z.tuple([finite, finite]),
      truncate: z.tuple([finite, finite]).optional(),
      ...annotations,
    })
    .superRefine((v, ctx) => {
      if (!(v.normal[1] > 0)) problem(ctx, ['normal', 1], 'a standard deviation > 0', `${v.normal[1]}`)
      if (v.truncate !== undefined && !(v.truncate[0] < v.truncate[1]))
        problem(ctx, ['truncate'], 'lo < hi', `lo ${v.truncate[0]}, hi ${v.truncate[1]}`)
      else if (
        v.truncate !== undefined &&
        v.normal[1] > 0 &&
        !(truncatedNormalMass(v.normal[0], v.normal[1], v.truncate[0], v.truncate[1]) > MIN_TRUNCATED_MASS)
      )
        problem(
          ctx,
          ['truncate'],
          `an interval that keeps more than ${MIN_TRUNCATED_MASS} of normal(${v.normal[0]}, ${v.normal[1]})`,
          `[${v.truncate[0]}, ${v.truncate[1]}], which keeps almost none of it`,
        )
    }),
  lognormal: z
    .strictObject({ lognormal: z.tuple([finite, finite]), ...annotations })
    .superRefine((v, ctx) => {
      if (!(v.lognormal[1] > 0)) problem(ctx, ['lognormal', 1], 'sigma > 0', `${v.lognormal[1]}`)
    }),
  beta: z.strictObject({ beta: z.tuple([finite, finite]), ...annotations }).superRefine((v, ctx) => {
    if (!(v.beta[0] > 0)) problem(ctx, ['beta', 0], 'a shape a > 0', `${v.beta[0]}`)
    if (!(v.beta[1] > 0)) problem(ctx, ['beta', 1], 'a shape b > 0', `${v.beta[1]}`)
  }),
  bernoulli: z.strictObject({ bernoulli: finite, ...annotations }).superRefine((v, ctx) => {
    if (!(v.bernoulli >= 0 && v.bernoulli <= 1))
      problem(ctx, ['bernoulli'], 'a probability in [0, 1]', `${v.bernoulli}`)
  }),
  discrete: z
    .strictObject({ discrete: z.array(z.tuple([finite, finite])).min(1), ...annotations })
    .superRefine((v, ctx) => {
      let total = 0
      v.discrete.forEach(([, p], i) => {
        if (!(p >= 0 && p <= 1)) problem(ctx, ['discrete', i, 1], 'a probability in [0, 1]', `${p}`)
        total += p
      })
      if (Math.abs(total - 1) > 1e-9)
        problem(ctx, ['discrete'], 'probabilities that sum to 1', `a sum of ${total}`)
    }),
  ci90: z
    .strictObject({
      ci90: z.tuple([finite, finite]),
      shape: z.enum(['normal', 'lognormal']).optional(),
      ...annotations,
    })
    .superRefine((v, ctx) => {
      if (!(v.ci90[0] < v.ci90[1])) problem(ctx, ['ci90'], 'lo < hi', `lo ${v.ci90[0]}, hi ${v.ci90[1]}`)
      else if (v.shape === 'lognormal' && !(v.ci90[0] > 0))
        problem(ctx, ['ci90', 0], 'lo > 0 for a lognormal 90% interval', `${v.ci90[0]}`)
    }),
} as const

/** Names of the distribution keys, in the order the schema lists them. @since 0.1.0 */
export const DISTRIBUTION_KEYS = Object.keys(distributionBranches) as ReadonlyArray<
  keyof typeof distributionBranches
>

/** The keys that may stand beside a distribution key. @internal */
export const DISTRIBUTION_SIBLING_KEYS: ReadonlySet<string> = new Set([
  'truncate',
  'shape',
  ...Object.keys(annotations),
])

const { expr: expressionBranch, ...randomBranches } = distributionBranches
const randomList = Object.values(randomBranches)
const RandomDistribution = z.union(
  randomList as unknown as [(typeof randomList)[number], ...typeof randomList],
)
const Distribution = z.union([RandomDistribution, expressionBranch])
// The unions are flat, so a failed value reports each branch's problems directly (one level).
const Quantity = z.union([finite, z.string().min(1), ...randomList, expressionBranch]).meta({
  description:
    'a number, an expression string, or a distribution object such as { pert: [lo, mode, hi] }, with optional basis, rationale, evidence',
})
const Weight = z.union([finite, ...randomList]).meta({
  description:
    'a number or a distribution object (not an expression), with optional basis, rationale, evidence',
})

// the scenario

const Source = z.strictObject({
  id: Id,
  file: z.string().min(1).meta({ description: 'file name of the source text' }),
  outlet: z.string().optional(),
  date: z.string().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
})

const Parameter = z.strictObject({
  dist: Quantity,
  ...annotations,
})

const Factor = z.strictObject({ description: z.string().optional(), ...annotations })

const Rule = z.union([
  z.literal('argmax'),
  z
    .strictObject({ logit: finite.positive().meta({ description: 'rationality lambda > 0' }) })
    .meta({ description: 'quantal response: P(option) proportional to exp(lambda * utility)' }),
])

const Option = z.strictObject({
  description: z.string().optional(),
  feasible: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'a boolean expression; when false the option cannot be chosen' }),
  effects: z
    .record(Id, Quantity)
    .optional()
    .meta({ description: 'effect of choosing this option on each factor' }),
  ...annotations,
})

const Actor = z.strictObject({
  description: z.string().optional(),
  rule: Rule.optional().meta({ description: 'decision rule, default argmax' }),
  weights: z.record(Id, Weight).meta({ description: 'weight of each factor this actor cares about' }),
  options: z.record(Id, Option).meta({ description: 'the options, in tie-break order' }),
  ...annotations,
})

/** How a stage with several pure equilibria picks the one played. @since 0.1.0 */
export const SELECTION_RULES = ['first', 'payoff-dominant', 'risk-dominant', 'all'] as const
const Selection = z.enum(SELECTION_RULES).meta({
  description:
    'which equilibrium is played when a simultaneous stage has several pure ones: first (in declared order), payoff-dominant, risk-dominant, or all (each equally likely)',
})

const Stage = z.union([
  z.array(Id).min(1).meta({ description: 'actor ids moving at once' }),
  z.strictObject({
    actors: z.array(Id).min(1),
    selection: Selection.optional(),
    label: z.string().optional(),
  }),
])

const Outcome = z.union([
  z.string().min(1),
  z.strictObject({ expr: z.string().min(1), description: z.string().optional(), ...annotations }),
])

/**
 * The zod definition of a scenario file: the single source of truth for its form. It checks structure
 * only; `decodeScenario` adds references, expressions and stages, and returns errors a person can act on.
 * @example
 * import { scenarioSchema } from 'statecraft'
 * scenarioSchema.safeParse({ id: 'x', title: 'X', factors: {}, actors: {} }).success // => true
 * @since 0.1.0
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: ScenarioId,
    title: z.string().min(1),
    description: z.string().optional(),
    sources: z.array(Source).optional(),
    parameters: z.record(Id, Parameter).optional(),
    factors: z.record(Id, Factor),
    actors: z.record(Id, Actor),
    stages: z.array(Stage).optional().meta({
      description:
        'the order of moves: groups of actor ids moving at once (or { actors, selection }); default one stage per actor, in declared order',
    }),
    selection: Selection.optional().meta({
      description: 'default equilibrium selection for every stage (default all)',
    }),
    outcomes: z.record(Id, Outcome).optional(),
  })
  .meta({ title: 'statecraft scenario', description: 'A policy scenario for statecraft' })

/** Keys each kind of object accepts, for hints on unknown keys. @internal */
export const KNOWN_KEYS = {
  root: Object.keys(scenarioSchema.shape),
  source: Object.keys(Source.shape),
  parameter: Object.keys(Parameter.shape),
  factor: Object.keys(Factor.shape),
  actor: Object.keys(Actor.shape),
  option: Object.keys(Option.shape),
  evidence: Object.keys(Evidence.shape),
  outcome: ['expr', 'description', ...Object.keys(annotations)],
  rule: ['logit'],
  stage: ['actors', 'selection', 'label'],
} as const

// types

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T

/** The plain data of a scenario file, before validation gives it the {@link Scenario} brand. @since 0.1.0 */
export type ScenarioData = DeepReadonly<z.output<typeof scenarioSchema>>
/** A distribution object (one key among {@link DISTRIBUTION_KEYS}, with optional siblings). @since 0.1.0 */
export type DistributionSpec = DeepReadonly<z.output<typeof Distribution>>
/** A distribution object other than `{ expr }`: what weights and sampled inputs use. @since 0.1.0 */
export type RandomDistributionSpec = DeepReadonly<z.output<typeof RandomDistribution>>
/** A number, an expression string or a distribution. @since 0.1.0 */
export type QuantitySpec = DeepReadonly<z.output<typeof Quantity>>
/** A citation. @since 0.1.0 */
export type EvidenceSpec = DeepReadonly<z.output<typeof Evidence>>
/** A weight: a number or a distribution. @since 0.1.0 */
export type WeightSpec = DeepReadonly<z.output<typeof Weight>>
/** A stage entry: actor ids, or an object with a selection rule. @since 0.1.0 */
export type StageSpec = DeepReadonly<z.output<typeof Stage>>
/** An equilibrium selection rule. @since 0.1.0 */
export type SelectionRule = (typeof SELECTION_RULES)[number]
/** A decision rule. @since 0.1.0 */
export type RuleSpec = DeepReadonly<z.output<typeof Rule>>

declare const scenarioBrand: unique symbol
/**
 * A validated scenario: plain, readonly, serialisable data that `decodeScenario` has checked.
 * @since 0.1.0
 */
export type Scenario = ScenarioData & { readonly [scenarioBrand]: true }

/**
 * The JSON Schema (draft 2020-12) of scenario files, generated from {@link scenarioSchema}.
 * @returns a JSON Schema object
 * @example
 * import { scenarioJsonSchema } from 'statecraft'
 * scenarioJsonSchema().title // => 'statecraft scenario'
 * @since 0.1.0
 */
export const scenarioJsonSchema = (): Record<string, unknown> =>
  z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
