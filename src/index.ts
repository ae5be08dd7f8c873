// The public API of statecraft. Node-only helpers (file loading) live in 'statecraft/node'.

export type { BlockEvaluator, BlockOutput } from './engine/blockEvaluator'
// engine
export { BLOCK_SIZE, createBlockEvaluator } from './engine/blockEvaluator'
export type { CompiledScenario, InputColumn } from './engine/compileScenario'
export { compileScenario } from './engine/compileScenario'
// model
export { canonicalJson, scenarioHash } from './model/canonicalJson'
export type { EvidenceFinding, EvidenceReport, EvidenceRow } from './model/checkEvidence'
export { checkEvidence, normalizeForLocator } from './model/checkEvidence'
export type { CompiledExpression, ExpressionIndex } from './model/compileExpression'
export { compileExpression } from './model/compileExpression'
export { decodeScenario } from './model/decodeScenario'
export type { BinaryOperator, Expression, ExpressionProblem, FunctionName } from './model/expression'
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression } from './model/expression'
export { MAX_GAME_TREE_NODES, MAX_LOCATOR_WORDS } from './model/internal/semanticChecks'
export type { ScenarioTextOptions } from './model/parseScenarioText'
export { MAX_SCENARIO_TEXT_LENGTH, parseScenarioText } from './model/parseScenarioText'
export type { ScenarioError, ScenarioErrorTag } from './model/scenarioError'
export { formatPath, formatScenarioError } from './model/scenarioError'
export type {
  DistributionSpec,
  EvidenceSpec,
  QuantitySpec,
  RandomDistributionSpec,
  RuleSpec,
  Scenario,
  ScenarioData,
  WeightSpec,
} from './model/scenarioSchema'
export { DISTRIBUTION_KEYS, ID_PATTERN, scenarioJsonSchema, scenarioSchema } from './model/scenarioSchema'
export { variant } from './model/variant'
export type { RandomSource } from './random/blockStream'
// random
export { blockStream } from './random/blockStream'
export type { Distribution } from './random/distribution'
export { distribution } from './random/distribution'
// report
export { csvReport } from './report/csvReport'
export type { MarkdownReportOptions } from './report/markdownReport'
export { markdownReport } from './report/markdownReport'
export type { PartialSummary, ResolvedSimulateOptions, SimulateOptions } from './run/simulate'
// run
export {
  blockCount,
  MAX_TRIALS,
  mergePartials,
  simulate,
  simulateOptionsWithDefaults,
  simulatePartial,
  summarizePartial,
} from './run/simulate'
export type {
  ActorSummary,
  Distributional,
  Driver,
  Manifest,
  OptionSummary,
  OutcomeSummary,
  ProfileSummary,
  Summary,
} from './run/summary'
export { wilsonInterval } from './run/wilsonInterval'
export { ENGINE_REVISION, VERSION } from './version'
