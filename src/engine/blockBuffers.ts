import type { CompiledScenario } from './compileScenario'

/**
 * A block's trials, column by column (`[column * capacity + trial]`), as an evaluator writes them.
 * @since 0.1.0
 */
export interface BlockColumns {
  /** Each uncertain input's draws, in the order of `compiled.inputs`. */
  readonly columns: Float64Array
  /** Each parameter's value. */
  readonly parameters: Float64Array
  /** Each actor's chosen option index on the realised path; -1 where it had no feasible option. */
  readonly choices: Int32Array
  /** Each option's choice probability at its actor's realised node (the stage solution's marginal). */
  readonly probabilities: Float64Array
  /** Each option's expected utility for its actor at the realised node, given the others' play; NaN if infeasible. */
  readonly utilities: Float64Array
  /** Each option's feasibility at its actor's realised node: 1 or 0. */
  readonly feasible: Uint8Array
  /** Each outcome's value. */
  readonly outcomes: Float64Array
  /** Per stage: the realised joint choice of its movers (mixed-radix code over options + 1). */
  readonly stageProfiles: Float64Array
  /** Per stage: pure equilibria found at the realised node (-1 where the stage was solved otherwise). */
  readonly stageEquilibria: Int32Array
  /** Per stage: how the realised node was solved (see `SOLUTION_METHODS`). */
  readonly stageMethods: Uint8Array
}

/** Fresh columns for blocks of up to `capacity` trials of a compiled scenario. @internal */
export const allocateBlockColumns = (compiled: CompiledScenario, capacity: number): BlockColumns => ({
  columns: new Float64Array(compiled.inputs.length * capacity),
  parameters: new Float64Array(compiled.parameterSources.length * capacity),
  choices: new Int32Array(compiled.actorIds.length * capacity),
  probabilities: new Float64Array(compiled.optionCount * capacity),
  utilities: new Float64Array(compiled.optionCount * capacity),
  feasible: new Uint8Array(compiled.optionCount * capacity),
  outcomes: new Float64Array(compiled.outcomes.length * capacity),
  stageProfiles: new Float64Array(compiled.stages.length * capacity),
  stageEquilibria: new Int32Array(compiled.stages.length * capacity),
  stageMethods: new Uint8Array(compiled.stages.length * capacity),
})
