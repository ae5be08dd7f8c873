// The public API of statecraft. Node-only helpers (file loading) live in 'statecraft/node'.
// Kept by hand: types first, then values by layer (model → random → engine → run → report).

// types
export type { EvidenceFinding, EvidenceReport, EvidenceRow } from './model/checkEvidence'
export type { CompiledExpression, ExpressionIndex } from './model/compileExpression'
export type { BinaryOperator, Expression, ExpressionProblem, FunctionName } from './model/expression'
export type { ScenarioTextOptions } from './model/parseScenarioText'
export type { ScenarioError, ScenarioErrorTag } from './model/scenarioError'
export type {
  DistributionSpec,
  EvidenceSpec,
  QuantitySpec,
  RandomDistributionSpec,
  RuleSpec,
  Scenario,
  ScenarioData,
  SelectionRule,
  StageSpec,
  WeightSpec,
} from './model/scenarioSchema'
export type { RandomSource } from './random/blockStream'
export type { Distribution } from './random/distribution'
export type { BlockColumns } from './engine/blockBuffers'
export type { Abortable } from './engine/aborted'
export type { BlockEvaluator, BlockOutput } from './engine/blockEvaluator'
export type { CompiledScenario, CompiledStage, InputColumn } from './engine/compileScenario'
export type { BestResponseDynamicsResult } from './engine/games/bestResponseDynamics'
export type { LogitEquilibriumOptions, LogitEquilibriumResult } from './engine/games/logitEquilibrium'
export type { MixedProfile, NormalFormGame } from './engine/games/normalFormGame'
export type { PureEquilibriaOptions } from './engine/games/pureEquilibria'
export type { EquilibriumSelection } from './engine/games/selectEquilibria'
export type { PartialSummaryJson } from './run/partialSummaryJson'
export type { PartialSummary, ResolvedSimulateOptions, SimulateOptions } from './run/simulate'
export type { Discrepancy, Reproduction } from './run/reproduce'
export type { SimulateUntilOptions } from './run/simulateUntil'
export type {
  ActorSummary,
  Distributional,
  Driver,
  Manifest,
  OptionSummary,
  OutcomeSummary,
  ProfileSummary,
  NonFiniteReport,
  StageSummary,
  Summary,
} from './run/summary'
export type { CheckOptions, CheckResult, Law, LawResult } from './analysis/checkScenario'
export type { CompareOptions, Comparison, Difference } from './analysis/compare'
export type { DecisionData, DecisionDataOptions } from './analysis/decisionData'
export type { DecisionRobustnessOptions } from './analysis/decisionRobustness'
export type { ValueOfInformation, ValueOfInformationOptions } from './analysis/expectedValueOfInformation'
export type { Metric } from './analysis/metric'
export type { MorrisDesign, MorrisEffect, MorrisOptions, MorrisResult } from './analysis/morris'
export type { PrimBox, PrimOptions, PrimResult } from './analysis/prim'
export type {
  OptionRobustness,
  Robustness,
  RobustnessCriterion,
  RobustnessOptions,
} from './analysis/robustness'
export type {
  DiscoverOptions,
  ScenarioMorrisOptions,
  ScenarioSobolOptions,
  ScenarioSobolResult,
} from './analysis/scenarioSensitivity'
export type { SaltelliDesign, SobolEstimates, SobolIndex, SobolOptions, SobolResult } from './analysis/sobol'
export type {
  SwitchingGridOptions,
  SwitchingOptions,
  SwitchingPoint,
  SwitchingResult,
} from './analysis/switchingPoints'
export type { TornadoBar, TornadoOptions, TornadoResult } from './analysis/tornado'
export type { ScenarioValueOfInformationOptions } from './analysis/valueOfInformation'
export type { BlockEvaluatorOptions } from './engine/blockEvaluator'
export type { Chart, ChartSpec } from './report/charts'
export type { HtmlReportOptions } from './report/htmlReport'
export type { MarkdownReportOptions } from './report/markdownReport'
export type { SamplesCsvOptions } from './report/samplesCsv'

// model
export { canonicalJson, scenarioHash } from './model/canonicalJson'
export { checkEvidence, normalizeForLocator } from './model/checkEvidence'
export { compileExpression } from './model/compileExpression'
export { decodeScenario } from './model/decodeScenario'
export {
  MAX_BRACKET_DEPTH,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
} from './model/expression'
export {
  MAX_ACTORS,
  MAX_FACTORS,
  MAX_GAME_TREE_NODES,
  MAX_JOINT_PROFILES,
  MAX_LIST_LENGTH,
  MAX_LOCATOR_WORDS,
  MAX_LOGIT_STAGE_PROFILES,
  MAX_OPTIONS,
  MAX_PARAMETERS,
  MAX_STAGE_ACTORS,
  MAX_TEXT_LENGTH,
  MAX_TOTAL_OPTIONS,
  MAX_UNCERTAIN_INPUTS,
  MAX_VALUES,
} from './model/internal/semanticChecks'
export { MAX_SCENARIO_TEXT_LENGTH, parseScenarioText } from './model/parseScenarioText'
export { formatPath, formatScenarioError } from './model/scenarioError'
export {
  DISTRIBUTION_KEYS,
  ID_PATTERN,
  SCENARIO_ID_PATTERN,
  SELECTION_RULES,
  scenarioJsonSchema,
  scenarioSchema,
} from './model/scenarioSchema'
export { variant } from './model/variant'

// random
export { blockStream, fillUniforms, inputStream } from './random/blockStream'
export { distribution } from './random/distribution'

// engine
export {
  BLOCK_SIZE,
  createBlockEvaluator,
  FLIP_CHECK_EVERY,
  FLIP_NUDGE,
  MAX_SELECTED_EQUILIBRIA,
  SOLUTION_METHODS,
} from './engine/blockEvaluator'
export { compileScenario, EXACT_STAGE_PROFILES } from './engine/compileScenario'

// games
export { bestResponseDynamics } from './engine/games/bestResponseDynamics'
export { expectedPayoffs } from './engine/games/expectedPayoffs'
export { iteratedStrictDominance } from './engine/games/iteratedStrictDominance'
export { lemkeHowson } from './engine/games/lemkeHowson'
export { logitEquilibrium } from './engine/games/logitEquilibrium'
export { decodeProfile, encodeProfile, gameFromFunction, profileCount } from './engine/games/normalFormGame'
export { pureEquilibria } from './engine/games/pureEquilibria'
export { selectEquilibria, selectEquilibriaBy } from './engine/games/selectEquilibria'
export { supportEnumeration } from './engine/games/supportEnumeration'
export { AbortedError, throwIfAborted } from './engine/aborted'

// run
export {
  blockCount,
  MAX_TRIALS,
  mergePartials,
  simulate,
  simulateAsync,
  simulateOptionsWithDefaults,
  simulatePartial,
  summarizePartial,
} from './run/simulate'
export { mergePartialJson, partialFromJson, partialToJson, shardBlocks } from './run/partialSummaryJson'
export { reproduce } from './run/reproduce'
export { simulateUntil } from './run/simulateUntil'
export { wilsonInterval } from './run/wilsonInterval'

// notebooks
export { attachDisplay, JUPYTER_DISPLAY } from './display'
export type { MediaBundle } from './display'

// analysis
export { assertScenario, checkScenario } from './analysis/checkScenario'
export { compare } from './analysis/compare'
export { MAX_DESIGN_VALUES } from './analysis/internal/checkCount'
export { decisionData } from './analysis/decisionData'
export { decisionRobustness } from './analysis/decisionRobustness'
export { expectedValueOfInformation } from './analysis/expectedValueOfInformation'
export { resolveMetric } from './analysis/metric'
export { morris, morrisDesign, morrisEffects } from './analysis/morris'
export { prim } from './analysis/prim'
export { robustChoice, robustness } from './analysis/robustness'
export { discover, scenarioMorris, scenarioSobol } from './analysis/scenarioSensitivity'
export { saltelliDesign, sobol, sobolFromRuns } from './analysis/sobol'
export { switchingGrid, switchingPoints } from './analysis/switchingPoints'
export { tornado } from './analysis/tornado'
export { valueOfInformation } from './analysis/valueOfInformation'

// report
export {
  compareMarkdown,
  morrisMarkdown,
  primMarkdown,
  robustnessMarkdown,
  sobolMarkdown,
  switchingMarkdown,
  tornadoMarkdown,
  voiMarkdown,
} from './report/analysisReport'
export { csvReport } from './report/csvReport'
export {
  renderSvg,
  sobolChart,
  summaryCharts,
  switchingChart,
  tornadoChart,
} from './report/charts'
export { htmlDocument, htmlReport, reportCharts } from './report/htmlReport'
export { markdownReport } from './report/markdownReport'
export { MAX_SAMPLE_ROWS, samplesCsv } from './report/samplesCsv'
export { ENGINE_REVISION, VERSION } from './version'
