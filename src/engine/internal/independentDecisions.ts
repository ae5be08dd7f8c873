// The columnar player of a choice-free scenario: every stage is one actor deciding on utilities that read
// nobody's choice, so a block of trials is played a column at a time (each input, weight, term, utility and
// choice as a run of `capacity` numbers), with no game tree. The arithmetic per trial is the game-tree
// solver's, in the same order, so the results are bit-identical to it.

import type { AffineTerm, CompiledScenario } from '../compileScenario'
import { decide, drawOption } from './decide'

/** What a block produced, column by column (`[column * capacity + trial]`). @internal */
export interface ColumnarBuffers {
  readonly columns: Float64Array
  readonly parameters: Float64Array
  readonly choices: Int32Array
  readonly probabilities: Float64Array
  readonly utilities: Float64Array
  readonly outcomes: Float64Array
  readonly stageProfiles: Float64Array
  readonly stageEquilibria: Int32Array
  readonly stageMethods: Uint8Array
}

/** Method codes the player writes (indices into SOLUTION_METHODS). @internal */
export interface DecisionMethods {
  readonly decision: number
  readonly logit: number
  readonly none: number
}

/**
 * An affine chain t₀ ± t₁ ± … over a block, left to right, exactly as the expression's compiled closure
 * computes it per trial: into `target[targetAt + t]` from the input columns (`[column * stride + t]`).
 * @internal
 */
export const fillAffine = (
  term: AffineTerm,
  columns: Float64Array,
  stride: number,
  target: Float64Array,
  targetAt: number,
  count: number,
): void => {
  for (let i = 0; i < term.coefficients.length; i++) {
    const k = term.coefficients[i]!
    const column = term.columns[i]!
    const subtract = i > 0 && term.signs[i] !== 1
    if (column >= 0) {
      const from = column * stride
      if (i === 0) for (let t = 0; t < count; t++) target[targetAt + t] = k * columns[from + t]!
      else if (subtract) for (let t = 0; t < count; t++) target[targetAt + t]! -= k * columns[from + t]!
      else for (let t = 0; t < count; t++) target[targetAt + t]! += k * columns[from + t]!
    } else {
      const v = column === -2 ? k : k * term.fixed[i]!
      if (i === 0) target.fill(v, targetAt, targetAt + count)
      else if (subtract) for (let t = 0; t < count; t++) target[targetAt + t]! -= v
      else for (let t = 0; t < count; t++) target[targetAt + t]! += v
    }
  }
}

/**
 * Makes a player of blocks of up to `capacity` trials of a choice-free scenario, with its own buffers.
 * `play(count)` reads `buffers.columns` (filled by the caller) and writes every other buffer.
 * @internal
 */
export const createIndependentPlayer = (
  compiled: CompiledScenario,
  capacity: number,
  methods: DecisionMethods,
): { readonly buffers: ColumnarBuffers; readonly play: (count: number) => void } => {
  const {
    actorIds,
    optionIds,
    optionOffset,
    optionCount,
    parameterSources,
    derivedOrder,
    inputs,
    weightSlot,
    weightColumn,
    weightConstant,
    staticTerms,
    feasible,
    stages,
    lambda,
    choiceColumn,
    optionsById,
    outcomes,
  } = compiled
  const B = capacity
  const actorCount = actorIds.length
  const parameterCount = parameterSources.length
  const stageCount = stages.length
  const buffers: ColumnarBuffers = {
    columns: new Float64Array(inputs.length * B),
    parameters: new Float64Array(parameterCount * B),
    choices: new Int32Array(actorCount * B),
    probabilities: new Float64Array(optionCount * B),
    utilities: new Float64Array(optionCount * B),
    outcomes: new Float64Array(outcomes.length * B),
    stageProfiles: new Float64Array(stageCount * B),
    stageEquilibria: new Int32Array(stageCount * B),
    stageMethods: new Uint8Array(stageCount * B),
  }
  const { columns, utilities, probabilities } = buffers

  // Each static term's weight: a column of draws, or a constant (0 for a factor the actor does not weigh).
  const terms = staticTerms.option.length
  const termWeightColumn = new Int32Array(terms).fill(-1)
  const termWeightConstant = new Float64Array(terms)
  for (let k = 0; k < terms; k++) {
    const declared = weightSlot.indexOf(staticTerms.weightSlot[k]!)
    if (declared < 0) continue
    termWeightColumn[k] = weightColumn[declared]!
    termWeightConstant[k] = weightConstant[declared]!
  }
  // Affine chains of one or two terms are summed straight into the utilities (see addPair); longer chains
  // (a block at a time) and expressions (per trial) are first evaluated into a column each.
  const pair = (k: number): boolean =>
    staticTerms.kind[k] === 3 && staticTerms.affine[k]!.coefficients.length <= 2
  const valueSlot = new Int32Array(terms).fill(-1)
  let valueColumns = 0
  for (let k = 0; k < terms; k++)
    if (staticTerms.kind[k] === 2 || (staticTerms.kind[k] === 3 && !pair(k))) valueSlot[k] = valueColumns++
  const values = new Float64Array(valueColumns * B)
  const expressionTerms = Int32Array.from(
    Array.from({ length: terms }, (_, k) => k).filter((k) => staticTerms.kind[k] === 2),
  )

  // Feasibility per option and trial: options without a condition stay 1.
  const feasibleColumns = new Uint8Array(optionCount * B).fill(1)
  const ruled = Int32Array.from(
    Array.from({ length: optionCount }, (_, j) => j).filter((j) => feasible[j] !== undefined),
  )
  const perTrial = derivedOrder.length > 0 || expressionTerms.length > 0 || ruled.length > 0
  const parameters = new Float64Array(parameterCount)
  const choices = new Int32Array(actorCount).fill(-1)

  /** Sets every parameter of trial t from its source (derived ones in dependency order). */
  const loadParameters = (t: number): void => {
    for (let i = 0; i < parameterCount; i++) {
      const source = parameterSources[i]!
      if (source.kind === 'fixed') parameters[i] = source.value
      else if (source.kind === 'column') parameters[i] = columns[source.column * B + t]!
    }
    for (let k = 0; k < derivedOrder.length; k++) {
      const i = derivedOrder[k]!
      parameters[i] = (
        parameterSources[i] as { evaluate: (p: Float64Array, c: Int32Array) => number }
      ).evaluate(parameters, choices)
    }
  }

  const prepare = (count: number): void => {
    for (let i = 0; i < parameterCount; i++) {
      const source = parameterSources[i]!
      if (source.kind === 'fixed') buffers.parameters.fill(source.value, i * B, i * B + count)
      else if (source.kind === 'column')
        buffers.parameters.set(columns.subarray(source.column * B, source.column * B + count), i * B)
    }
    for (let k = 0; k < terms; k++)
      if (staticTerms.kind[k] === 3 && valueSlot[k]! >= 0)
        fillAffine(staticTerms.affine[k]!, columns, B, values, valueSlot[k]! * B, count)
    if (!perTrial) return
    for (let t = 0; t < count; t++) {
      loadParameters(t)
      for (let k = 0; k < derivedOrder.length; k++) {
        const i = derivedOrder[k]!
        buffers.parameters[i * B + t] = parameters[i]!
      }
      for (let e = 0; e < expressionTerms.length; e++) {
        const k = expressionTerms[e]!
        values[valueSlot[k]! * B + t] = staticTerms.evaluate[k]!(parameters, choices)
      }
      for (let r = 0; r < ruled.length; r++) {
        const j = ruled[r]!
        feasibleColumns[j * B + t] = feasible[j]!(parameters, choices) !== 0 ? 1 : 0
      }
    }
  }

  /** utilities[at + t] += weight × (t₀ ± t₁): an affine chain of one or two terms, in the chain's order. */
  const addPair = (k: number, at: number, count: number): void => {
    const term = staticTerms.affine[k]!
    const wc = termWeightColumn[k]!
    const w = termWeightConstant[k]!
    const w0 = wc * B
    const k0 = term.coefficients[0]!
    const x0 = term.columns[0]! >= 0 ? term.columns[0]! * B : -1
    const c0 = term.columns[0] === -2 ? k0 : k0 * term.fixed[0]!
    const two = term.coefficients.length === 2
    const k1 = two ? term.coefficients[1]! : 0
    const x1 = two && term.columns[1]! >= 0 ? term.columns[1]! * B : -1
    const c1 = !two ? 0 : term.columns[1] === -2 ? k1 : k1 * term.fixed[1]!
    const minus = two && term.signs[1] !== 1
    for (let t = 0; t < count; t++) {
      let value = x0 >= 0 ? k0 * columns[x0 + t]! : c0
      if (two) {
        const next = x1 >= 0 ? k1 * columns[x1 + t]! : c1
        value = minus ? value - next : value + next
      }
      utilities[at + t]! += (wc < 0 ? w : columns[w0 + t]!) * value
    }
  }

  /** Each option's utility: the sum of its terms, weight times value, in term order (into `utilities`). */
  const sumTerms = (count: number): void => {
    utilities.fill(0, 0, optionCount * B)
    for (let k = 0; k < terms; k++) {
      const at = staticTerms.option[k]! * B
      const kind = staticTerms.kind[k]!
      if (kind === 3 && valueSlot[k]! < 0) {
        addPair(k, at, count)
        continue
      }
      const wc = termWeightColumn[k]!
      const from = kind === 1 ? staticTerms.column[k]! * B : valueSlot[k]! * B
      const source = kind === 1 ? columns : values
      if (kind === 0) {
        const c = staticTerms.constant[k]!
        if (wc < 0) {
          const v = termWeightConstant[k]! * c
          for (let t = 0; t < count; t++) utilities[at + t]! += v
        } else {
          const w0 = wc * B
          for (let t = 0; t < count; t++) utilities[at + t]! += columns[w0 + t]! * c
        }
      } else if (wc < 0) {
        const w = termWeightConstant[k]!
        for (let t = 0; t < count; t++) utilities[at + t]! += w * source[from + t]!
      } else {
        const w0 = wc * B
        for (let t = 0; t < count; t++) utilities[at + t]! += columns[w0 + t]! * source[from + t]!
      }
    }
  }

  // Per actor, whether any of its options has a feasibility condition.
  const ruledActor = Uint8Array.from(actorIds, (_, a) =>
    ruled.some((j) => j >= optionOffset[a]! && j < optionOffset[a]! + optionIds[a]!.length) ? 1 : 0,
  )
  const most = new Float64Array(B)
  const total = new Float64Array(B)

  /**
   * Logit choice probabilities of an actor whose options are all feasible, option by option over the block:
   * the arithmetic of `decide` per trial, in its order. Trials whose best utility is not finite are redone
   * by `decide` itself (its rules for infinite utilities).
   */
  const logitColumns = (first: number, n: number, count: number, rationality: number): void => {
    most.fill(Number.NEGATIVE_INFINITY, 0, count)
    total.fill(0, 0, count)
    for (let o = 0; o < n; o++) {
      const at = (first + o) * B
      for (let t = 0; t < count; t++) if (utilities[at + t]! > most[t]!) most[t] = utilities[at + t]!
    }
    for (let o = 0; o < n; o++) {
      const at = (first + o) * B
      for (let t = 0; t < count; t++) {
        const u = utilities[at + t]!
        const m = most[t]!
        const w = Number.isNaN(u) ? 0 : u === m ? 1 : Math.exp(rationality * (u - m))
        probabilities[at + t] = w
        total[t]! += w
      }
    }
    for (let o = 0; o < n; o++) {
      const at = (first + o) * B
      for (let t = 0; t < count; t++) probabilities[at + t] = probabilities[at + t]! / total[t]!
    }
    for (let t = 0; t < count; t++)
      if (!Number.isFinite(most[t]!))
        decide(utilities, probabilities, first * B + t, B, feasibleColumns, first * B + t, B, n, rationality)
  }

  const decideAll = (count: number): void => {
    for (let d = 0; d < stageCount; d++) {
      const a = stages[d]!.movers[0]!
      const first = optionOffset[a]!
      const n = optionIds[a]!.length
      const rationality = lambda[a]!
      const order = optionsById[a]!
      const draws = choiceColumn[a]! * B
      const profileAt = d * B
      const byColumns = ruledActor[a] === 0 && rationality > 0
      if (byColumns) logitColumns(first, n, count, rationality)
      for (let t = 0; t < count; t++) {
        const at = first * B + t
        let choice: number
        if (byColumns) {
          choice = drawOption(probabilities, at, B, order, columns[draws + t]!)
          buffers.stageMethods[profileAt + t] = methods.logit
        } else {
          let any = false
          for (let o = 0; o < n; o++) {
            if (feasibleColumns[at + o * B] === 0) utilities[at + o * B] = Number.NaN
            else any = true
          }
          if (!any) {
            for (let o = 0; o < n; o++) probabilities[at + o * B] = 0
            choice = -1
            buffers.stageMethods[profileAt + t] = methods.none
          } else {
            const best = decide(utilities, probabilities, at, B, feasibleColumns, at, B, n, rationality)
            choice = best >= 0 ? best : drawOption(probabilities, at, B, order, columns[draws + t]!)
            buffers.stageMethods[profileAt + t] = rationality === 0 ? methods.decision : methods.logit
          }
        }
        buffers.choices[a * B + t] = choice
        buffers.stageProfiles[profileAt + t] = choice < 0 ? n : choice
        buffers.stageEquilibria[profileAt + t] = 1
      }
    }
  }

  const evaluateOutcomes = (count: number): void => {
    if (outcomes.length === 0) return
    for (let t = 0; t < count; t++) {
      loadParameters(t)
      for (let a = 0; a < actorCount; a++) choices[a] = buffers.choices[a * B + t]!
      for (let k = 0; k < outcomes.length; k++)
        buffers.outcomes[k * B + t] = outcomes[k]!.evaluate(parameters, choices)
    }
    choices.fill(-1)
  }

  const play = (count: number): void => {
    prepare(count)
    sumTerms(count)
    decideAll(count)
    evaluateOutcomes(count)
  }

  return { buffers, play }
}
