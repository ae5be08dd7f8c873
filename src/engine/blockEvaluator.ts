import { blockStream } from '../random/blockStream'
import type { CompiledScenario } from './compileScenario'

// model

/**
 * What one block of trials produced, column by column (`[column * blockSize + trial]`).
 * The arrays belong to the evaluator and are overwritten by its next call.
 * @since 0.1.0
 */
export interface BlockOutput {
  readonly blockSize: number
  /** Trials evaluated in this block (the last block of a run may be partial). */
  readonly count: number
  /** Each uncertain input's draws, in the order of `compiled.inputs`. */
  readonly columns: Float64Array
  /** Each parameter's value. */
  readonly parameters: Float64Array
  /** Each actor's chosen option index on the realised path; -1 where it had no feasible option. */
  readonly choices: Int32Array
  /** Each option's choice probability at its actor's realised node (0 or 1 under argmax). */
  readonly probabilities: Float64Array
  /** Each option's utility for its actor at the realised node, anticipating later moves; NaN if infeasible. */
  readonly utilities: Float64Array
  /** Each outcome's value. */
  readonly outcomes: Float64Array
}

/** Evaluates blocks of trials of one compiled scenario into reused buffers. @since 0.1.0 */
export interface BlockEvaluator {
  readonly evaluate: (seed: string, block: number, count: number) => BlockOutput
}

/** Trials per block: fixed, so a seed's streams never depend on how a run is split. @since 0.1.0 */
export const BLOCK_SIZE = 1024

// evaluating

/**
 * Makes an evaluator with its own buffers. Deterministic: the same seed, block and count give the same output.
 * @param compiled - a compiled scenario
 * @param blockSize - trials per block; runs use {@link BLOCK_SIZE}
 * @returns the evaluator
 * @example
 * import { compileScenario, createBlockEvaluator, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const output = createBlockEvaluator(compileScenario(decoded.right)).evaluate('1', 0, 10)
 * output.choices[0] // => 0
 * @since 0.1.0
 */
export const createBlockEvaluator = (
  compiled: CompiledScenario,
  blockSize: number = BLOCK_SIZE,
): BlockEvaluator => {
  const {
    actorIds,
    optionIds,
    optionOffset,
    optionCount,
    factorIds,
    parameterSources,
    derivedOrder,
    inputs,
    weightSlot,
    weightColumn,
    weightConstant,
    staticTerms,
    dynamicTerms,
    feasible,
    stageActor,
    lambda,
    choiceColumn,
    outcomes,
  } = compiled
  const actorCount = actorIds.length
  const parameterCount = parameterSources.length
  const stageCount = stageActor.length
  const optionsOf = Int32Array.from(optionIds, (ids) => ids.length)
  const maxOptions = Math.max(1, ...optionsOf)

  // Game-tree layout: at depth d there are width[d] node slots; a node's children are
  // slot * (options + 1) + option, the last one standing for "no feasible option".
  const width = new Int32Array(stageCount + 1)
  const depthOffset = new Int32Array(stageCount + 1)
  width[0] = 1
  for (let d = 0; d < stageCount; d++) {
    width[d + 1] = width[d]! * (optionsOf[stageActor[d]!]! + 1)
    depthOffset[d + 1] = depthOffset[d]! + width[d]!
  }
  const internalNodes = depthOffset[stageCount]!
  const totalNodes = internalNodes + width[stageCount]!
  const nodeValue = new Float64Array(totalNodes * actorCount)
  const nodeProbability = new Float64Array(internalNodes * maxOptions)
  const nodeUtility = new Float64Array(internalNodes * maxOptions)
  const nodeFeasible = new Int32Array(internalNodes)
  const optionFeasible = new Uint8Array(internalNodes * maxOptions)
  const nodeBest = new Int32Array(internalNodes)

  // Per-trial state.
  const parameters = new Float64Array(parameterCount)
  const choices = new Int32Array(actorCount).fill(-1)
  const weights = new Float64Array(actorCount * factorIds.length)
  const base = new Float64Array(optionCount)

  // Output buffers.
  const out = {
    blockSize,
    count: 0,
    columns: new Float64Array(inputs.length * blockSize),
    parameters: new Float64Array(parameterCount * blockSize),
    choices: new Int32Array(actorCount * blockSize),
    probabilities: new Float64Array(optionCount * blockSize),
    utilities: new Float64Array(optionCount * blockSize),
    outcomes: new Float64Array(outcomes.length * blockSize),
  }
  const columns = out.columns

  const dynamicStart = compiled.dynamicStart
  const dynamicWeight = dynamicTerms.weightSlot
  const dynamicEvaluate = dynamicTerms.evaluate
  const leaf = (g: number): void => {
    const at = g * actorCount
    for (let a = 0; a < actorCount; a++) {
      const choice = choices[a]!
      if (choice < 0) {
        nodeValue[at + a] = 0
        continue
      }
      const flat = optionOffset[a]! + choice
      let value = base[flat]!
      for (let k = dynamicStart[flat]!, end = dynamicStart[flat + 1]!; k < end; k++)
        value += weights[dynamicWeight[k]!]! * dynamicEvaluate[k]!(parameters, choices)
      nodeValue[at + a] = value
    }
  }

  const solve = (d: number, slot: number): void => {
    const g = depthOffset[d]! + slot
    if (d === stageCount) {
      leaf(g)
      return
    }
    const mover = stageActor[d]!
    const n = optionsOf[mover]!
    const first = optionOffset[mover]!
    const childBase = slot * (n + 1)
    const childOffset = depthOffset[d + 1]!
    const row = g * maxOptions
    let count = 0
    for (let o = 0; o < n; o++) {
      const rule = feasible[first + o]
      if (rule !== undefined && rule(parameters, choices) === 0) {
        nodeUtility[row + o] = Number.NaN
        optionFeasible[row + o] = 0
        continue
      }
      optionFeasible[row + o] = 1
      choices[mover] = o
      solve(d + 1, childBase + o)
      nodeUtility[row + o] = nodeValue[(childOffset + childBase + o) * actorCount + mover]!
      count++
    }
    choices[mover] = -1
    nodeFeasible[g] = count
    const at = g * actorCount
    if (count === 0) {
      solve(d + 1, childBase + n)
      nodeValue.copyWithin(
        at,
        (childOffset + childBase + n) * actorCount,
        (childOffset + childBase + n + 1) * actorCount,
      )
      for (let o = 0; o < n; o++) nodeProbability[row + o] = 0
      return
    }
    const rationality = lambda[mover]!
    if (rationality === 0) {
      // The first best option in declared order; a NaN utility never beats a number.
      let best = -1
      let bestUtility = Number.NaN
      for (let o = 0; o < n; o++) {
        if (optionFeasible[row + o] === 0) continue
        const u = nodeUtility[row + o]!
        if (best < 0 || u > bestUtility || (Number.isNaN(bestUtility) && !Number.isNaN(u))) {
          best = o
          bestUtility = u
        }
      }
      nodeBest[g] = best
      for (let o = 0; o < n; o++) nodeProbability[row + o] = o === best ? 1 : 0
      nodeValue.copyWithin(
        at,
        (childOffset + childBase + best) * actorCount,
        (childOffset + childBase + best + 1) * actorCount,
      )
      return
    }
    let most = Number.NEGATIVE_INFINITY
    for (let o = 0; o < n; o++) {
      const u = nodeUtility[row + o]!
      if (optionFeasible[row + o] === 1 && u > most) most = u
    }
    let total = 0
    for (let o = 0; o < n; o++) {
      const u = nodeUtility[row + o]!
      // Options with NaN utility get no weight, unless every feasible option is NaN: then all weigh equally.
      const weight =
        optionFeasible[row + o] === 0
          ? 0
          : most === Number.NEGATIVE_INFINITY
            ? 1
            : Number.isNaN(u)
              ? 0
              : Math.exp(rationality * (u - most))
      nodeProbability[row + o] = weight
      total += weight
    }
    for (let a = 0; a < actorCount; a++) nodeValue[at + a] = 0
    for (let o = 0; o < n; o++) {
      const p = nodeProbability[row + o]! / total
      nodeProbability[row + o] = p
      if (p === 0) continue
      const child = (childOffset + childBase + o) * actorCount
      for (let a = 0; a < actorCount; a++) nodeValue[at + a]! += p * nodeValue[child + a]!
    }
  }

  const evaluate = (seed: string, block: number, count: number): BlockOutput => {
    const random = blockStream(seed, block)
    for (let c = 0; c < inputs.length; c++) {
      const sample = inputs[c]!.distribution.sample
      const at = c * blockSize
      for (let t = 0; t < blockSize; t++) columns[at + t] = sample(random)
    }
    out.count = count
    for (let t = 0; t < count; t++) {
      for (let i = 0; i < parameterCount; i++) {
        const source = parameterSources[i]!
        if (source.kind === 'fixed') parameters[i] = source.value
        else if (source.kind === 'column') parameters[i] = columns[source.column * blockSize + t]!
      }
      for (let k = 0; k < derivedOrder.length; k++) {
        const i = derivedOrder[k]!
        parameters[i] = (
          parameterSources[i] as { evaluate: (p: Float64Array, c: Int32Array) => number }
        ).evaluate(parameters, choices)
      }
      for (let k = 0; k < weightSlot.length; k++) {
        const column = weightColumn[k]!
        weights[weightSlot[k]!] = column < 0 ? weightConstant[k]! : columns[column * blockSize + t]!
      }
      base.fill(0)
      const terms = staticTerms.option.length
      for (let k = 0; k < terms; k++) {
        const kind = staticTerms.kind[k]!
        const value =
          kind === 0
            ? staticTerms.constant[k]!
            : kind === 1
              ? columns[staticTerms.column[k]! * blockSize + t]!
              : staticTerms.evaluate[k]!(parameters, choices)
        base[staticTerms.option[k]!]! += weights[staticTerms.weightSlot[k]!]! * value
      }

      solve(0, 0)

      // Walk the realised path, drawing logit choices from their own column.
      let slot = 0
      for (let d = 0; d < stageCount; d++) {
        const g = depthOffset[d]! + slot
        const mover = stageActor[d]!
        const n = optionsOf[mover]!
        const first = optionOffset[mover]!
        const row = g * maxOptions
        let choice = -1
        if (nodeFeasible[g]! > 0) {
          if (lambda[mover] === 0) choice = nodeBest[g]!
          else {
            const u = columns[choiceColumn[d]! * blockSize + t]!
            let running = 0
            for (let o = 0; o < n; o++) {
              const p = nodeProbability[row + o]!
              if (p === 0) continue
              choice = o
              running += p
              if (u < running) break
            }
          }
        }
        for (let o = 0; o < n; o++) {
          out.probabilities[(first + o) * blockSize + t] = nodeProbability[row + o]!
          out.utilities[(first + o) * blockSize + t] = nodeUtility[row + o]!
        }
        choices[mover] = choice
        out.choices[mover * blockSize + t] = choice
        slot = slot * (n + 1) + (choice < 0 ? n : choice)
      }
      for (let i = 0; i < parameterCount; i++) out.parameters[i * blockSize + t] = parameters[i]!
      for (let k = 0; k < outcomes.length; k++)
        out.outcomes[k * blockSize + t] = outcomes[k]!.evaluate(parameters, choices)
      choices.fill(-1)
    }
    return out
  }

  return { evaluate }
}
