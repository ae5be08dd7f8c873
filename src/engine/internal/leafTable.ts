// The leaf table of the trial-by-trial solver: each leaf of the game (a full profile of choices) has its
// actors' utilities computed for every trial of a block at once, a column at a time, the first time a
// trial reaches it; later trials read them. Games with simultaneous stages reach most leaves in every
// trial, so the effect expressions are walked once per leaf and block instead of once per leaf and trial.
// The arithmetic per trial is the solver's own (static utility, then each dynamic term's weight times its
// value, in term order), so results are bit-identical; a property test compares the two.

import type { CompiledScenario } from '../compileScenario'
import { type ColumnContext, type ColumnExpression, compileColumnExpression } from './columnExpression'

/** Most leaf columns (one per actor and leaf) a table holds: 16 MB at 1,024 trials a block. */
const MAX_LEAF_COLUMNS = 2048
/** Most leaf codes (the product over actors of options + 1) a table indexes. */
const MAX_LEAF_CODES = 1 << 20

/**
 * Whether a scenario's trials all reach the same leaves, few enough to tabulate: every stage is one mover or
 * a tabulated simultaneous stage (which plays out each profile), and the leaves (the products of the movers'
 * options) fit in the table. A stage solved by dynamics visits leaves trial by trial; a table would compute
 * each for the whole block to serve one trial.
 * @internal
 */
export const leafTableApplies = (compiled: CompiledScenario): boolean => {
  const actorCount = Math.max(1, compiled.actorIds.length)
  let leaves = 1
  for (const stage of compiled.stages) {
    if (stage.movers.length > 1 && !stage.exact) return false
    for (const a of stage.movers) leaves *= compiled.optionIds[a]!.length
  }
  return compiled.dynamicTerms.option.length > 0 && leaves * actorCount <= MAX_LEAF_COLUMNS
}

/** A block's leaf table. @internal */
export interface LeafTable {
  /**
   * Keeps trial t's prologue (its parameters, the weights its dynamic terms use, its options' static
   * utilities), as the solver computed it ahead of the trials.
   */
  readonly capture: (parameters: Float64Array, weights: Float64Array, base: Float64Array, t: number) => void
  /** Gives back the current trial's prologue, as captured: the solver need not compute it again. */
  readonly restore: (parameters: Float64Array, weights: Float64Array, base: Float64Array) => void
  /** A new block of `count` trials: every leaf is stale. */
  readonly startBlock: (count: number) => void
  /** The trial the solver is playing. */
  readonly setTrial: (t: number) => void
  /**
   * The leaf of the current choices, for the current trial, into `target[at + a]` for each actor a.
   * False, writing nothing, when the table is full and this leaf is not in it.
   */
  readonly read: (target: Float64Array, at: number) => boolean
}

/**
 * A leaf table for a scenario, reading the solver's `choices`; undefined when it does not apply
 * ({@link leafTableApplies}) or its leaves cannot be indexed.
 * @param compiled - the scenario
 * @param capacity - trials per block
 * @param choices - the solver's current choices (-1: none)
 * @param weightCount - the solver's weight slots
 * @param columnBudget - most leaf columns it makes (tests set it low to reach what happens past it)
 * @internal
 */
export const createLeafTable = (
  compiled: CompiledScenario,
  capacity: number,
  choices: Int32Array,
  weightCount: number,
  columnBudget = MAX_LEAF_COLUMNS,
): LeafTable | undefined => {
  const { actorIds, optionIds, optionOffset, optionCount, parameterSources, dynamicTerms, dynamicStart } =
    compiled
  const B = capacity
  const actorCount = actorIds.length
  const place = new Float64Array(actorCount)
  let codes = 1
  for (let a = actorCount - 1; a >= 0; a--) {
    place[a] = codes
    codes *= optionIds[a]!.length + 1
  }
  if (codes > MAX_LEAF_CODES || !leafTableApplies(compiled)) return undefined
  const maxLeaves = Math.floor(columnBudget / Math.max(1, actorCount))

  // Columns for the weight slots the dynamic terms use only, by their place in `weightSlots`.
  const weightSlots = Int32Array.from(new Set(dynamicTerms.weightSlot))
  const weightAt = new Int32Array(weightCount).fill(-1)
  weightSlots.forEach((slot, i) => {
    weightAt[slot] = i
  })
  const parameterColumns = new Float64Array(parameterSources.length * B)
  const weightColumns = new Float64Array(weightSlots.length * B)
  const baseColumns = new Float64Array(optionCount * B)
  const context: ColumnContext = {
    parameters: Array.from({ length: parameterSources.length }, (_, i) =>
      parameterColumns.subarray(i * B, (i + 1) * B),
    ),
    choices,
  }
  const expressions: ColumnExpression[] = Array.from({ length: dynamicTerms.option.length }, (_, k) =>
    compileColumnExpression(dynamicTerms.expression[k]!, compiled.expressionIndex, B, () => generation),
  )
  const weightSlot = dynamicTerms.weightSlot

  const leafOfCode = new Int32Array(codes).fill(-1)
  const leaves: Float64Array[] = []
  const stamp: number[] = []
  let generation = 0
  let count = 0
  let trial = 0

  /** The current choices' utilities for every trial of the block, actor a at `into[a * B + t]`. */
  const compute = (into: Float64Array): void => {
    for (let a = 0; a < actorCount; a++) {
      const at = a * B
      const choice = choices[a]!
      if (choice < 0) {
        into.fill(0, at, at + count)
        continue
      }
      const flat = optionOffset[a]! + choice
      into.set(baseColumns.subarray(flat * B, flat * B + count), at)
      for (let k = dynamicStart[flat]!, end = dynamicStart[flat + 1]!; k < end; k++) {
        const value = expressions[k]!(context, count)
        const w = weightAt[weightSlot[k]!]! * B
        for (let t = 0; t < count; t++) into[at + t]! += weightColumns[w + t]! * value[t]!
      }
    }
  }

  const parameterCount = parameterSources.length
  return {
    capture: (parameters, weights, base, t) => {
      for (let i = 0; i < parameterCount; i++) parameterColumns[i * B + t] = parameters[i]!
      for (let w = 0; w < weightSlots.length; w++) weightColumns[w * B + t] = weights[weightSlots[w]!]!
      for (let o = 0; o < optionCount; o++) baseColumns[o * B + t] = base[o]!
    },
    restore: (parameters, weights, base) => {
      for (let i = 0; i < parameterCount; i++) parameters[i] = parameterColumns[i * B + trial]!
      for (let w = 0; w < weightSlots.length; w++) weights[weightSlots[w]!] = weightColumns[w * B + trial]!
      for (let o = 0; o < optionCount; o++) base[o] = baseColumns[o * B + trial]!
    },
    startBlock: (n) => {
      generation++
      count = n
    },
    setTrial: (t) => {
      trial = t
    },
    read: (target, at) => {
      let code = 0
      for (let a = 0; a < actorCount; a++) code += (choices[a]! + 1) * place[a]!
      let leaf = leafOfCode[code]!
      if (leaf < 0) {
        if (leaves.length >= maxLeaves) return false
        leaf = leaves.length
        leaves.push(new Float64Array(actorCount * B))
        stamp.push(-1)
        leafOfCode[code] = leaf
      }
      const values = leaves[leaf]!
      if (stamp[leaf] !== generation) {
        compute(values)
        stamp[leaf] = generation
      }
      for (let a = 0; a < actorCount; a++) target[at + a] = values[a * B + trial]!
      return true
    },
  }
}
