import { fillUniforms, inputStream } from '../random/blockStream'
import { throwIfAborted } from './aborted'
import { allocateBlockColumns, type BlockColumns } from './blockBuffers'
import { type AffineTerm, type CompiledScenario, type CompiledStage, termValue } from './compileScenario'
import { bestResponseDynamics } from './games/bestResponseDynamics'
import { expectedPayoffs } from './games/expectedPayoffs'
import { lemkeHowson } from './games/lemkeHowson'
import { logitEquilibrium } from './games/logitEquilibrium'
import type { MixedProfile, NormalFormGame } from './games/normalFormGame'
import { pureEquilibria } from './games/pureEquilibria'
import { selectEquilibria, selectEquilibriaBy } from './games/selectEquilibria'
import { columnarForm, createColumnarPlayer, fillAffine } from './internal/columnarPlayer'
import { decide as decideOption, drawOption } from './internal/decide'
import { createLeafTable } from './internal/leafTable'

// model

/**
 * What one block of trials produced, column by column (`[column * blockSize + trial]`).
 * The arrays belong to the evaluator and are overwritten by its next call.
 * @since 0.1.0
 */
export interface BlockOutput extends BlockColumns {
  readonly blockSize: number
  /** The block's index in its run (-1 for inputs the caller wrote, through `evaluateColumns`). */
  readonly block: number
  /** Trials evaluated in this block (the last block of a run may be partial). */
  readonly count: number
  /** Per stage: 1 if the perturbed re-solve of this trial changed the stage's joint choice, 0 if not, -1 if not checked. */
  readonly stageFlips: Int8Array
}

/** Evaluates blocks of trials of one compiled scenario into reused buffers. @since 0.1.0 */
export interface BlockEvaluator {
  /** Draws the block's inputs from their streams and plays its trials. */
  readonly evaluate: (seed: string, block: number, count: number) => BlockOutput
  /**
   * Plays `count` trials on inputs the caller writes: `fill` receives the column buffer
   * (`[input * blockSize + trial]`, in the order of `compiled.inputs`) and must set every value used.
   * For analyses that choose the inputs (designs, overrides). No flip checks.
   * @since 0.1.0
   */
  readonly evaluateColumns: (
    count: number,
    fill: (columns: Float64Array, blockSize: number) => void,
  ) => BlockOutput
}

/** Options of {@link createBlockEvaluator}. @since 0.1.0 */
export interface BlockEvaluatorOptions {
  /** Trials per block; runs use {@link BLOCK_SIZE}. @defaultValue BLOCK_SIZE */
  readonly blockSize?: number
  /** Whether every 8th trial is re-solved with a nudged input, for the flip rate. @defaultValue true */
  readonly flipChecks?: boolean
  /**
   * Whether scenarios that allow it (choice-free ones, and those whose every stage has one mover) are played
   * a block at a time, a column at a time (false: trial by trial; the results are bit-identical, which
   * tests check). @defaultValue true
   */
  readonly columnar?: boolean
  /**
   * Most columns the tree player may make to remember leaf values between leaves (tests set it low to
   * reach what happens past it). @defaultValue 2048 @internal
   */
  readonly rememberedColumns?: number
  /**
   * Whether the trial-by-trial solver tabulates each leaf's utilities for the whole block, a column at a
   * time, the first time a trial reaches it (false: every leaf is computed per trial; bit-identical, which
   * tests check). @defaultValue true @internal
   */
  readonly leafTable?: boolean
  /** Most columns the leaf table makes (tests set it low to reach what happens past it). @internal */
  readonly leafColumns?: number
  /** Stops the evaluation: `evaluate` throws an `AbortedError` (checked per block, and every 16 trials of a slow block). */
  readonly signal?: AbortSignal | undefined
}

/** Joint codes below this are decoded with 32-bit integer arithmetic. */
const INT32_CODES = 2 ** 31 - 1

/** Trials per block: fixed, so a seed's streams never depend on how a run is split. @since 0.1.0 */
export const BLOCK_SIZE = 1024

/** How a stage was solved at a node, by code. @since 0.1.0 */
export const SOLUTION_METHODS = [
  'decision',
  'logit-decision',
  'pure-equilibrium',
  'mixed-equilibrium',
  'logit-equilibrium',
  'best-response-dynamics',
  'best-response-cycle',
  'no-feasible-option',
] as const

/** Every this many trials, a trial is re-solved with one input nudged, to measure the flip rate. @since 0.1.0 */
export const FLIP_CHECK_EVERY = 8
/** The nudge: one percentile of the input's own distribution. @since 0.1.0 */
export const FLIP_NUDGE = 0.01
/** Most selected equilibria kept per node (under `all`); the rest are counted, not played. @since 0.1.0 */
export const MAX_SELECTED_EQUILIBRIA = 64

const METHOD = Object.fromEntries(SOLUTION_METHODS.map((name, i) => [name, i])) as Record<
  (typeof SOLUTION_METHODS)[number],
  number
>

// evaluating

/** A stage game built over what each mover can play at a node, with its children's value vectors. */
interface LocalGame {
  readonly stage: CompiledStage
  /** Per mover, the option digits it can play here (the no-option digit when it has none). */
  readonly playable: ReadonlyArray<ReadonlyArray<number>>
  readonly sizes: ReadonlyArray<number>
  /** Per local profile, its joint code over the stage's full radix. */
  readonly joint: Float64Array
  readonly payoffs: Float64Array
  /** Per local profile, every actor's value (actorCount numbers). */
  readonly table: Float64Array
}

/**
 * Makes an evaluator with its own buffers. Deterministic: the same seed, block and count give the same output.
 * @param compiled - a compiled scenario
 * @param options - block size and flip checks
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
  options: BlockEvaluatorOptions = {},
): BlockEvaluator => {
  const blockSize = options.blockSize ?? BLOCK_SIZE
  const flipChecks = options.flipChecks ?? true
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
    dynamicStart,
    feasible,
    stages,
    lambda,
    choiceColumn,
    optionsById,
    outcomes,
  } = compiled
  const actorCount = actorIds.length
  // Choice-free scenarios and perfect-information trees are played a block at a time (columnarPlayer).
  const methods = {
    decision: METHOD['decision'],
    logit: METHOD['logit-decision'],
    none: METHOD['no-feasible-option'],
  }
  const choiceFree = compiled.choiceFree
  const form = options.columnar === false ? undefined : columnarForm(compiled)
  const columnar =
    form === undefined
      ? undefined
      : createColumnarPlayer(compiled, blockSize, methods, form, options.rememberedColumns)
  // Flip checks of a columnar player: the checked trials, nudged, as one small block.
  const nudgeCapacity = Math.ceil(blockSize / FLIP_CHECK_EVERY)
  const columnarNudges =
    form !== undefined && flipChecks
      ? createColumnarPlayer(compiled, nudgeCapacity, methods, form, options.rememberedColumns)
      : undefined
  const parameterCount = parameterSources.length
  const stageCount = stages.length
  const optionsOf = Int32Array.from(optionIds, (ids) => ids.length)

  // Internal nodes: at depth d there are width[d] histories; a node's child for joint profile `code` of
  // stage d is slot * joint + code at depth d + 1. Leaves (after the last stage) are never stored.
  const width = new Int32Array(stageCount)
  const depthOffset = new Int32Array(stageCount)
  width[0] = 1
  for (let d = 1; d < stageCount; d++) {
    width[d] = width[d - 1]! * stages[d - 1]!.joint
    depthOffset[d] = depthOffset[d - 1]! + width[d - 1]!
  }
  const internalNodes = stageCount === 0 ? 0 : depthOffset[stageCount - 1]! + width[stageCount - 1]!
  // Each stage's movers' options laid end to end: mover k's options start at stageOptionStart[d][k].
  const stageOptionStart = stages.map((stage) => {
    const starts = new Int32Array(stage.movers.length + 1)
    stage.movers.forEach((a, k) => {
      starts[k + 1] = starts[k]! + optionsOf[a]!
    })
    return starts
  })
  const stride = Math.max(1, ...stageOptionStart.map((starts) => starts[starts.length - 1]!))
  const nodeValue = new Float64Array(internalNodes * actorCount)
  const nodeMarginal = new Float64Array(internalNodes * stride)
  const nodeUtility = new Float64Array(internalNodes * stride)
  const nodeFeasible = new Uint8Array(internalNodes * stride)
  const nodeKind = new Uint8Array(internalNodes) // 0: one of a list of joint profiles; 1: independent mixed choices
  const nodeListCount = new Int32Array(internalNodes)
  const nodeList = new Float64Array(internalNodes * MAX_SELECTED_EQUILIBRIA)
  const nodeEquilibria = new Int32Array(internalNodes)
  const nodeMethod = new Uint8Array(internalNodes)
  // Per-depth scratch: children's value vectors of the node being solved at that depth.
  const childTable = stages.map(
    (stage) =>
      // A single mover's children are its options and the no-option child; a tabulated stage's, its profiles.
      new Float64Array(
        Math.max(2, stage.movers.length === 1 ? stage.joint : stage.exact ? stage.profiles : 1) * actorCount,
      ),
  )
  const feasibleScratch = stages.map(
    (stage, d) => new Uint8Array(stageOptionStart[d]!.at(-1)! + stage.movers.length),
  )

  // Per-trial state.
  const parameters = new Float64Array(parameterCount)
  const choices = new Int32Array(actorCount).fill(-1)
  const weights = new Float64Array(actorCount * factorIds.length)
  const base = new Float64Array(optionCount)
  let trial = 0

  const out = {
    blockSize,
    count: 0,
    block: -1,
    ...(columnar?.buffers ?? allocateBlockColumns(compiled, blockSize)),
    stageFlips: new Int8Array(stageCount * blockSize),
  }
  const columns = out.columns

  const dynamicWeight = dynamicTerms.weightSlot
  const dynamicEvaluate = dynamicTerms.evaluate
  /** Every actor's utility for the current full profile of choices, into target[at...]. */
  const leaf = (target: Float64Array, at: number): void => {
    const table = nudging ? nudgeLeafTable : leafTable
    if (table?.read(target, at)) return
    leafOfTrial(target, at)
  }

  /** `leaf`, computed for this trial alone. */
  const leafOfTrial = (target: Float64Array, at: number): void => {
    for (let a = 0; a < actorCount; a++) {
      const choice = choices[a]!
      if (choice < 0) {
        target[at + a] = 0
        continue
      }
      const flat = optionOffset[a]! + choice
      let value = base[flat]!
      for (let k = dynamicStart[flat]!, end = dynamicStart[flat + 1]!; k < end; k++)
        value += weights[dynamicWeight[k]!]! * dynamicEvaluate[k]!(parameters, choices)
      target[at + a] = value
    }
  }

  /** Sets the stage's movers' choices from a joint code (digit radix - 1: no feasible option). */
  const applyCode = (stage: CompiledStage, code: number): void => {
    if (stage.movers.length === 1) {
      choices[stage.movers[0]!] = code === stage.radix[0]! - 1 ? -1 : code
      return
    }
    if (stage.joint <= INT32_CODES) {
      // Codes that fit in 32 bits: integer division and remainder, where doubles would take fmod.
      let rest = code | 0
      for (let k = stage.movers.length - 1; k >= 0; k--) {
        const r = stage.radix[k]!
        const digit = rest % r
        rest = ((rest - digit) / r) | 0
        choices[stage.movers[k]!] = digit === r - 1 ? -1 : digit
      }
      return
    }
    let rest = code
    for (let k = stage.movers.length - 1; k >= 0; k--) {
      const r = stage.radix[k]!
      const digit = rest % r
      rest = (rest - digit) / r
      choices[stage.movers[k]!] = digit === r - 1 ? -1 : digit
    }
  }

  const clearStage = (stage: CompiledStage): void => {
    const movers = stage.movers
    for (let k = 0; k < movers.length; k++) choices[movers[k]!] = -1
  }

  /** Copies a value vector (actorCount numbers) without allocating a view. */
  const copyVector = (from: Float64Array, fromAt: number, to: Float64Array, toAt: number): void => {
    for (let a = 0; a < actorCount; a++) to[toAt + a] = from[fromAt + a]!
  }

  /** The value vector of the child reached by `code` from node (d, slot), into target[at...]. */
  const childValue = (d: number, slot: number, code: number, target: Float64Array, at: number): void => {
    const stage = stages[d]!
    applyCode(stage, code)
    if (d === stageCount - 1) leaf(target, at)
    else {
      const child = depthOffset[d + 1]! + slot * stage.joint + code
      solve(d + 1, slot * stage.joint + code)
      copyVector(nodeValue, child * actorCount, target, at)
    }
    clearStage(stage)
  }

  /** Which options of each mover are feasible at node g of depth d (movers' own choices unset); kept per node. */
  const markFeasible = (d: number, g: number, row: Uint8Array): void => {
    const movers = stages[d]!.movers
    const starts = stageOptionStart[d]!
    const passes = starts[movers.length]!
    for (let k = 0; k < movers.length; k++) {
      const a = movers[k]!
      const first = optionOffset[a]!
      let any = 0
      for (let o = 0; o < optionsOf[a]!; o++) {
        const rule = feasible[first + o]
        const ok = rule === undefined || rule(parameters, choices) !== 0 ? 1 : 0
        row[starts[k]! + o] = ok
        any |= ok
      }
      // The slot after the options: 1 when the mover has no feasible option and so must "pass".
      row[passes + k] = any === 0 ? 1 : 0
    }
    nodeFeasible.set(row.subarray(0, passes), g * stride)
  }

  const solve = (d: number, slot: number): void => {
    const g = depthOffset[d]! + slot
    const stage = stages[d]!
    const row = feasibleScratch[d]!
    markFeasible(d, g, row)
    if (stage.movers.length === 1) solveDecision(d, slot, g, stage, row)
    else if (stage.exact) solveTabulated(d, slot, g, stage, row)
    else solveByDynamics(d, slot, g, stage, row)
  }

  /** One mover: argmax (first best in declared order) or logit choice, over the solved subtrees. */
  const solveDecision = (d: number, slot: number, g: number, stage: CompiledStage, row: Uint8Array): void => {
    const mover = stage.movers[0]!
    const n = optionsOf[mover]!
    const table = childTable[d]!
    const at = g * stride
    if (row[n] === 1) {
      childValue(d, slot, n, table, 0)
      copyVector(table, 0, nodeValue, g * actorCount)
      markNoOption(g, n)
      return
    }
    for (let o = 0; o < n; o++) {
      if (row[o] === 0) {
        nodeUtility[at + o] = Number.NaN
        continue
      }
      childValue(d, slot, o, table, o * actorCount)
      nodeUtility[at + o] = table[o * actorCount + mover]!
    }
    const best = decide(g, mover, n, row)
    const value = g * actorCount
    if (best >= 0) {
      copyVector(table, best * actorCount, nodeValue, value)
      return
    }
    for (let a = 0; a < actorCount; a++) nodeValue[value + a] = 0
    for (let o = 0; o < n; o++) {
      const p = nodeMarginal[at + o]!
      if (p === 0) continue
      for (let a = 0; a < actorCount; a++) nodeValue[value + a]! += p * table[o * actorCount + a]!
    }
  }

  /**
   * One mover whose options' utilities read nobody's choice: each option's utility is its base term, and no
   * subtree needs solving. The trial-by-trial form of the columnar player (`columnar: false`).
   */
  const solveIndependent = (d: number): void => {
    const g = depthOffset[d]!
    const mover = stages[d]!.movers[0]!
    const n = optionsOf[mover]!
    const row = feasibleScratch[d]!
    markFeasible(d, g, row)
    if (row[n] === 1) {
      markNoOption(g, n)
      return
    }
    const at = g * stride
    const first = optionOffset[mover]!
    for (let o = 0; o < n; o++) nodeUtility[at + o] = row[o] === 0 ? Number.NaN : base[first + o]!
    decide(g, mover, n, row)
  }

  const markNoOption = (g: number, n: number): void => {
    const at = g * stride
    for (let o = 0; o < n; o++) {
      nodeMarginal[at + o] = 0
      nodeUtility[at + o] = Number.NaN
    }
    nodeEquilibria[g] = 1
    setList(g, n)
    nodeMethod[g] = METHOD['no-feasible-option']
  }

  /**
   * The mover's choice at node g from its options' utilities (nodeUtility): argmax, the first best in
   * declared order (returns it), or logit probabilities (returns -1). Sets the node's marginals and method.
   */
  const decide = (g: number, mover: number, n: number, row: Uint8Array): number => {
    nodeEquilibria[g] = 1
    const best = decideOption(nodeUtility, nodeMarginal, g * stride, 1, row, 0, 1, n, lambda[mover]!)
    if (best >= 0 || lambda[mover] === 0) {
      setList(g, best)
      nodeMethod[g] = METHOD['decision']
    } else {
      nodeKind[g] = 1
      nodeMethod[g] = METHOD['logit-decision']
    }
    return best
  }

  const setList = (g: number, code: number): void => {
    nodeKind[g] = 0
    nodeListCount[g] = 1
    nodeList[g * MAX_SELECTED_EQUILIBRIA] = code
  }

  const feasibleMatrix = (stage: CompiledStage, d: number, row: Uint8Array): boolean[][] => {
    const starts = stageOptionStart[d]!
    return [...stage.movers].map((a, k) => {
      const passes = row[starts.at(-1)! + k] === 1
      return [...Array.from({ length: optionsOf[a]! }, (_, o) => row[starts[k]! + o] === 1), passes]
    })
  }

  /**
   * A simultaneous stage small enough to tabulate. The game is built over what each mover can play here
   * (its feasible options, or "no option" when it has none), so infeasible profiles cost nothing.
   */
  const solveTabulated = (
    d: number,
    slot: number,
    g: number,
    stage: CompiledStage,
    row: Uint8Array,
  ): void => {
    const m = stage.movers.length
    const table = childTable[d]!
    const starts = stageOptionStart[d]!
    const playable: number[][] = []
    for (let k = 0; k < m; k++) {
      const a = stage.movers[k]!
      const digits: number[] = []
      for (let o = 0; o < optionsOf[a]!; o++) if (row[starts[k]! + o] === 1) digits.push(o)
      playable.push(digits.length > 0 ? digits : [optionsOf[a]!])
    }
    const sizes = playable.map((digits) => digits.length)
    const count = sizes.reduce((product, size) => product * size, 1)
    const joint = new Float64Array(count)
    const payoffs = new Float64Array(count * m)
    const digit = new Int32Array(m)
    for (let code = 0; code < count; code++) {
      let jointCode = 0
      for (let k = 0; k < m; k++) jointCode = jointCode * stage.radix[k]! + playable[k]![digit[k]!]!
      joint[code] = jointCode
      childValue(d, slot, jointCode, table, code * actorCount)
      for (let k = 0; k < m; k++) payoffs[code * m + k] = table[code * actorCount + stage.movers[k]!]!
      for (let k = m - 1; k >= 0; k--) {
        if (++digit[k]! < sizes[k]!) break
        digit[k] = 0
      }
    }
    const game: NormalFormGame = { players: m, options: sizes, payoffs }
    const local: LocalGame = { stage, playable, sizes, joint, payoffs, table }
    if (stage.logit) {
      const lambdas = [...stage.movers].map((a) => (lambda[a]! > 0 ? lambda[a]! : Number.POSITIVE_INFINITY))
      storeMixed(g, d, local, game, logitEquilibrium(game, lambdas).profile, -1, METHOD['logit-equilibrium'])
      return
    }
    const equilibria = pureEquilibria(game)
    if (equilibria.length > 0) {
      storeList(g, d, local, selectEquilibria(game, equilibria, stage.selection), equilibria.length)
      nodeMethod[g] = METHOD['pure-equilibrium']
      return
    }
    // No pure equilibrium: the mixed one (two movers), else a logit equilibrium with large rationality.
    if (m === 2) storeMixed(g, d, local, game, lemkeHowson(game), 0, METHOD['mixed-equilibrium'])
    else {
      const lambdas = [...stage.movers].map(() => 1000 / payoffRange(payoffs))
      storeMixed(g, d, local, game, logitEquilibrium(game, lambdas).profile, 0, METHOD['logit-equilibrium'])
    }
  }

  const payoffRange = (payoffs: Float64Array): number => {
    let lo = Number.POSITIVE_INFINITY
    let hi = Number.NEGATIVE_INFINITY
    for (const x of payoffs) {
      if (x < lo) lo = x
      if (x > hi) hi = x
    }
    return hi > lo ? hi - lo : 1
  }

  /** Position of mover k's digit in a mixed-radix code over `radix`. */
  const placeOf = (radix: ArrayLike<number>, k: number): number => {
    let place = 1
    for (let j = radix.length - 1; j > k; j--) place *= radix[j]!
    return place
  }

  /** Stores a solution that plays one of `selected` local profiles, each equally likely. */
  const storeList = (
    g: number,
    d: number,
    local: LocalGame,
    selected: ReadonlyArray<number>,
    found: number,
  ): void => {
    const { stage, playable, sizes, joint, payoffs, table } = local
    const m = stage.movers.length
    // A canonical order (by actor and option ids), so the stage's uniform picks the same equilibrium
    // however actors and options are declared.
    const kept = [...selected]
      .sort((x, y) => canonicalCode(stage, joint[x]!) - canonicalCode(stage, joint[y]!))
      .slice(0, MAX_SELECTED_EQUILIBRIA)
    nodeKind[g] = 0
    nodeListCount[g] = kept.length
    nodeEquilibria[g] = found
    const value = g * actorCount
    for (let a = 0; a < actorCount; a++) nodeValue[value + a] = 0
    kept.forEach((code, i) => {
      nodeList[g * MAX_SELECTED_EQUILIBRIA + i] = joint[code]!
      for (let a = 0; a < actorCount; a++)
        nodeValue[value + a]! += table[code * actorCount + a]! / kept.length
    })
    const starts = stageOptionStart[d]!
    const at = g * stride
    for (let k = 0; k < m; k++) {
      const a = stage.movers[k]!
      const place = placeOf(sizes, k)
      for (let o = 0; o < optionsOf[a]!; o++) {
        const local = playable[k]!.indexOf(o)
        let share = 0
        let utility = 0
        for (const code of kept) {
          const mine = Math.floor(code / place) % sizes[k]!
          if (mine === local) share++
          utility += local < 0 ? Number.NaN : payoffs[(code + (local - mine) * place) * m + k]!
        }
        nodeMarginal[at + starts[k]! + o] = share / kept.length
        nodeUtility[at + starts[k]! + o] = utility / kept.length
      }
    }
  }

  /** Stores a solution in which each mover draws independently from its mixed strategy. */
  const storeMixed = (
    g: number,
    d: number,
    local: LocalGame,
    game: NormalFormGame,
    profile: MixedProfile,
    pureFound: number,
    method: number,
  ): void => {
    const { stage, playable, sizes, table } = local
    nodeKind[g] = 1
    nodeEquilibria[g] = pureFound
    nodeMethod[g] = method
    const starts = stageOptionStart[d]!
    const at = g * stride
    const expected = expectedPayoffs(game, profile)
    for (let k = 0; k < stage.movers.length; k++) {
      const a = stage.movers[k]!
      for (let o = 0; o < optionsOf[a]!; o++) {
        const local = playable[k]!.indexOf(o)
        nodeMarginal[at + starts[k]! + o] = local < 0 ? 0 : profile[k]![local]!
        nodeUtility[at + starts[k]! + o] = local < 0 ? Number.NaN : expected[k]![local]!
      }
    }
    // The node's value: the expectation over local profiles under the product of the mixed strategies.
    const value = g * actorCount
    for (let a = 0; a < actorCount; a++) nodeValue[value + a] = 0
    const count = local.joint.length
    for (let code = 0; code < count; code++) {
      let p = 1
      for (let k = 0; k < sizes.length && p > 0; k++)
        p *= profile[k]![Math.floor(code / placeOf(sizes, k)) % sizes[k]!]!
      if (!(p > 0)) continue
      for (let a = 0; a < actorCount; a++) nodeValue[value + a]! += p * table[code * actorCount + a]!
    }
  }

  const canonicalCode = (stage: CompiledStage, code: number): number => {
    let canonical = 0
    for (const k of stage.moversById)
      canonical =
        canonical * stage.radix[k]! +
        stage.optionRank[k]![Math.floor(code / placeOf(stage.radix, k)) % stage.radix[k]!]!
    return canonical
  }

  /** A simultaneous stage too large to tabulate: best-response dynamics over lazily evaluated profiles. */
  const solveByDynamics = (
    d: number,
    slot: number,
    g: number,
    stage: CompiledStage,
    row: Uint8Array,
  ): void => {
    const m = stage.movers.length
    const allowed = feasibleMatrix(stage, d, row)
    const memo = new Map<number, Float64Array>()
    const vectorOf = (code: number): Float64Array => {
      let vector = memo.get(code)
      if (vector === undefined) {
        vector = new Float64Array(actorCount)
        childValue(d, slot, code, vector, 0)
        memo.set(code, vector)
      }
      return vector
    }
    const options = [...stage.radix]
    const codeOf = (profile: Int32Array): number => {
      let code = 0
      for (let k = 0; k < m; k++) code = code * stage.radix[k]! + profile[k]!
      return code
    }
    const payoff = (profile: Int32Array, target: Float64Array): void => {
      const vector = vectorOf(codeOf(profile))
      for (let k = 0; k < m; k++) target[k] = vector[stage.movers[k]!]!
    }
    const firstAllowed = (k: number) => allowed[k]!.indexOf(true)
    const lastAllowed = (k: number) => allowed[k]!.lastIndexOf(true)
    const u = columns[stage.selectColumn * blockSize + trial]!
    const randomStart = Int32Array.from({ length: m }, (_, k) => {
      const choices = allowed[k]!.flatMap((ok, o) => (ok ? [o] : []))
      return choices[Math.floor(((u * 7919 * (k + 1)) % 1) * choices.length)]!
    })
    const starts = [
      Int32Array.from({ length: m }, (_, k) => firstAllowed(k)),
      Int32Array.from({ length: m }, (_, k) => lastAllowed(k)),
      randomStart,
    ]
    const result = bestResponseDynamics(options, allowed, payoff, starts)
    const picked =
      result.equilibria.length > 0
        ? selectEquilibriaBy(payoff, options, allowed, result.equilibria, stage.selection).map((i) =>
            codeOf(result.equilibria[i]!),
          )
        : [codeOf(starts[0]!)]
    // Store through the same path as tabulated stages: a small local game holding the played profiles and,
    // for each, every unilateral deviation (what the actors' option utilities need).
    storeVisited(g, d, stage, picked, result.equilibria.length, allowed, vectorOf)
    // When the dynamics cycled from every start, the first start's profile is played, and the draw counted.
    nodeMethod[g] = METHOD[result.equilibria.length > 0 ? 'best-response-dynamics' : 'best-response-cycle']
  }

  /** Stores a list of played joint profiles of a stage solved without a table. */
  const storeVisited = (
    g: number,
    d: number,
    stage: CompiledStage,
    played: ReadonlyArray<number>,
    found: number,
    allowed: ReadonlyArray<ReadonlyArray<boolean>>,
    vectorOf: (code: number) => Float64Array,
  ): void => {
    const m = stage.movers.length
    const kept = [...played]
      .sort((x, y) => canonicalCode(stage, x) - canonicalCode(stage, y))
      .slice(0, MAX_SELECTED_EQUILIBRIA)
    nodeKind[g] = 0
    nodeListCount[g] = kept.length
    nodeEquilibria[g] = found
    const value = g * actorCount
    for (let a = 0; a < actorCount; a++) nodeValue[value + a] = 0
    kept.forEach((code, i) => {
      nodeList[g * MAX_SELECTED_EQUILIBRIA + i] = code
      const vector = vectorOf(code)
      for (let a = 0; a < actorCount; a++) nodeValue[value + a]! += vector[a]! / kept.length
    })
    const starts = stageOptionStart[d]!
    const at = g * stride
    for (let k = 0; k < m; k++) {
      const a = stage.movers[k]!
      const place = placeOf(stage.radix, k)
      for (let o = 0; o < optionsOf[a]!; o++) {
        let share = 0
        let utility = 0
        for (const code of kept) {
          const mine = Math.floor(code / place) % stage.radix[k]!
          if (mine === o) share++
          utility += allowed[k]![o] ? vectorOf(code + (o - mine) * place)[a]! : Number.NaN
        }
        nodeMarginal[at + starts[k]! + o] = share / kept.length
        nodeUtility[at + starts[k]! + o] = utility / kept.length
      }
    }
  }

  /** Trial t's parameters, weights and options' static utilities, into `parameters`, `weights`, `base`. */
  const prologue = (t: number): void => {
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
      const value =
        staticTerms.kind[k] !== 3
          ? termValue(staticTerms, k, columns, blockSize, t, parameters, choices)
          : nudging
            ? affineValue(k, t)
            : affineColumns[affineSlot[k]! * blockSize + t]!
      base[staticTerms.option[k]!]! += weights[staticTerms.weightSlot[k]!]! * value
    }
  }

  /** Solves the trial's game and walks the realised path, recording it in `realised` (one code per stage). */
  const playTrial = (realised: Float64Array, record: boolean): void => {
    const t = trial
    // With a leaf table, the prologue was computed ahead of the trials (fillLeafInputs): taken back, not redone.
    const table = nudging ? nudgeLeafTable : leafTable
    if (table === undefined) prologue(t)
    else table.restore(parameters, weights, base)
    if (choiceFree) for (let d = 0; d < stageCount; d++) solveIndependent(d)
    else if (stageCount > 0) solve(0, 0)

    let slot = 0
    for (let d = 0; d < stageCount; d++) {
      const stage = stages[d]!
      const g = depthOffset[d]! + slot
      const at = g * stride
      const starts = stageOptionStart[d]!
      let code = 0
      if (nodeKind[g] === 0) {
        const listed = nodeListCount[g]!
        const pick =
          listed > 1
            ? Math.min(listed - 1, Math.floor(columns[stage.selectColumn * blockSize + t]! * listed))
            : 0
        code = nodeList[g * MAX_SELECTED_EQUILIBRIA + pick]!
      } else {
        for (let k = 0; k < stage.movers.length; k++) {
          const a = stage.movers[k]!
          const n = optionsOf[a]!
          const u = columns[choiceColumn[a]! * blockSize + t]!
          const choice = drawOption(nodeMarginal, at + starts[k]!, 1, optionsById[a]!, u)
          code = code * stage.radix[k]! + (choice < 0 ? n : choice)
        }
      }
      applyCode(stage, code)
      realised[d] = code
      if (record) {
        for (let k = 0; k < stage.movers.length; k++) {
          const a = stage.movers[k]!
          for (let o = 0; o < optionsOf[a]!; o++) {
            out.probabilities[(optionOffset[a]! + o) * blockSize + t] = nodeMarginal[at + starts[k]! + o]!
            out.utilities[(optionOffset[a]! + o) * blockSize + t] = nodeUtility[at + starts[k]! + o]!
            out.feasible[(optionOffset[a]! + o) * blockSize + t] = nodeFeasible[at + starts[k]! + o]!
          }
          out.choices[a * blockSize + t] = choices[a]!
        }
        out.stageProfiles[d * blockSize + t] = code
        out.stageEquilibria[d * blockSize + t] = nodeEquilibria[g]!
        out.stageMethods[d * blockSize + t] = nodeMethod[g]!
      }
      // Independent decisions are all solved at each depth's first node.
      slot = choiceFree ? 0 : slot * stage.joint + code
    }
    if (record) {
      for (let i = 0; i < parameterCount; i++) out.parameters[i * blockSize + t] = parameters[i]!
      for (let k = 0; k < outcomes.length; k++)
        out.outcomes[k * blockSize + t] = outcomes[k]!.evaluate(parameters, choices)
    }
    choices.fill(-1)
  }

  // The inputs a flip check may nudge: continuous model inputs (not the draws that pick among mixed choices).
  // Ordered by id, so which input a trial nudges does not depend on declaration order.
  const nudgeable = Int32Array.from(
    inputs
      .flatMap((input, c) =>
        input.distribution.discrete || input.id.startsWith('choice:') || input.id.startsWith('select:')
          ? []
          : [c],
      )
      .sort((x, y) => (inputs[x]!.id < inputs[y]!.id ? -1 : 1)),
  )
  const realised = new Float64Array(stageCount)

  // Affine effects over drawn or fixed parameters, evaluated a block at a time (kind-3 terms).
  const affineTerms: number[] = []
  staticTerms.kind.forEach((kind, k) => {
    if (kind === 3) affineTerms.push(k)
  })
  const affineSlot = new Int32Array(staticTerms.kind.length).fill(-1)
  affineTerms.forEach((k, i) => {
    affineSlot[k] = i
  })
  const affineColumns = new Float64Array(affineTerms.length * blockSize)
  /** While a flip check re-solves a trial with a nudged input, the block's affine columns are stale. */
  let nudging = false
  /** One term of an affine chain in trial t: a constant, or its coefficient times the parameter's value. */
  const affineTermValue = (term: AffineTerm, i: number, t: number): number => {
    const column = term.columns[i]!
    return column === -2
      ? term.coefficients[i]!
      : term.coefficients[i]! * (column < 0 ? term.fixed[i]! : columns[column * blockSize + t]!)
  }
  /** t₀ ± t₁ ± …, left to right, exactly as the expression's compiled closure computes it. */
  const affineValue = (k: number, t: number): number => {
    const term = staticTerms.affine[k]!
    let value = affineTermValue(term, 0, t)
    for (let i = 1; i < term.coefficients.length; i++) {
      const next = affineTermValue(term, i, t)
      value = term.signs[i] === 1 ? value + next : value - next
    }
    return value
  }
  const fillAffineColumns = (count: number): void => {
    for (let a = 0; a < affineTerms.length; a++)
      fillAffine(
        staticTerms.affine[affineTerms[a]!]!,
        columns,
        blockSize,
        affineColumns,
        a * blockSize,
        count,
      )
  }

  const nudged = new Float64Array(stageCount)

  /** The first trial of a block starting at trial `firstTrial` that is flip-checked, counted from the block's start. */
  const firstCheckAfter = (firstTrial: number): number =>
    (FLIP_CHECK_EVERY - (firstTrial % FLIP_CHECK_EVERY)) % FLIP_CHECK_EVERY
  /** The input that trial `index`'s flip check nudges. */
  const nudgedInput = (index: number): number =>
    nudgeable[Math.floor(index / FLIP_CHECK_EVERY) % nudgeable.length]!
  /**
   * Per checked trial t, the uniform its nudged input was drawn from, when that input draws one uniform
   * per value (NaN otherwise): `evaluate` keeps it before the column is mapped to draws.
   */
  const nudgedUniforms = new Float64Array(blockSize).fill(Number.NaN)
  const oneDraw = new Float64Array(1)
  /**
   * Input c's value x in trial t moved by one percentile of its own distribution (common random numbers):
   * its uniform moved by 0.01 and drawn again, or, for an input drawn otherwise, x's percentile moved by
   * 0.01 and mapped back by the quantile.
   */
  const nudge = (c: number, x: number, t: number): number => {
    const { cdf, quantile, fromUniforms } = inputs[c]!.distribution
    const u = nudgedUniforms[t]!
    if (fromUniforms !== undefined && !Number.isNaN(u)) {
      oneDraw[0] = moved(u)
      fromUniforms(oneDraw, 0, 1)
      return oneDraw[0]!
    }
    return quantile(moved(cdf(x)))
  }
  /** A probability moved up by FLIP_NUDGE, or down where up would leave (0, 1). */
  const moved = (p: number): number => (p + FLIP_NUDGE < 1 ? p + FLIP_NUDGE : p - FLIP_NUDGE)

  /** Plays a block a column at a time, then its checked trials, nudged, as one small block. */
  const playColumnar = (
    player: NonNullable<typeof columnar>,
    firstTrial: number,
    count: number,
    checks: boolean,
  ): BlockOutput => {
    player.play(count)
    const flips = out.stageFlips
    flips.fill(-1, 0, stageCount * blockSize)
    if (!checks || nudgeable.length === 0 || columnarNudges === undefined) return out
    const first = firstCheckAfter(firstTrial)
    const small = columnarNudges.buffers
    let i = 0
    for (let t = first; t < count; t += FLIP_CHECK_EVERY, i++) {
      for (let c = 0; c < inputs.length; c++)
        small.columns[c * nudgeCapacity + i] = columns[c * blockSize + t]!
      const c = nudgedInput(firstTrial + t)
      small.columns[c * nudgeCapacity + i] = nudge(c, columns[c * blockSize + t]!, t)
    }
    columnarNudges.play(i)
    i = 0
    for (let t = first; t < count; t += FLIP_CHECK_EVERY, i++)
      for (let d = 0; d < stageCount; d++)
        flips[d * blockSize + t] =
          small.stageProfiles[d * nudgeCapacity + i] === out.stageProfiles[d * blockSize + t] ? 0 : 1
    return out
  }

  // The leaf table. Games whose leaves the columnar player cannot reach (simultaneous stages, as in the
  // coalition) evaluate each leaf's effect expressions trial by trial, and most leaves are reached in every
  // trial. The table computes a leaf's utilities for every trial of the block at once, a column at a time,
  // the first time a trial reaches it, from the block's parameters, weights and static utilities (each
  // trial's prologue, run ahead); the trials read them. The arithmetic per trial is leafOfTrial's, in its
  // order. The flip checks' nudged trials have a table of their own, a small block of one nudged trial per
  // check, in the order the checks come.
  const leafTable =
    form === undefined && options.leafTable !== false && !choiceFree
      ? createLeafTable(compiled, blockSize, choices, weights.length, options.leafColumns)
      : undefined
  const nudgeLeafTable =
    leafTable !== undefined && flipChecks
      ? createLeafTable(compiled, nudgeCapacity, choices, weights.length, options.leafColumns)
      : undefined
  /**
   * Runs `body` on trial t as its flip check plays it: its input `nudgedInput(index)` nudged, and affine
   * terms computed for the trial alone (the block's affine columns hold the input unnudged); then restores.
   */
  const whileNudged = (t: number, index: number, body: () => void): void => {
    const c = nudgedInput(index)
    const x = columns[c * blockSize + t]!
    columns[c * blockSize + t] = nudge(c, x, t)
    nudging = true
    body()
    nudging = false
    columns[c * blockSize + t] = x
  }

  /** The prologue of every trial of the block, and of every checked trial nudged, ahead of the trials. */
  const fillLeafInputs = (firstTrial: number, count: number, checks: boolean): void => {
    if (leafTable === undefined) return
    leafTable.startBlock(count)
    for (let t = 0; t < count; t++) {
      prologue(t)
      leafTable.capture(parameters, weights, base, t)
    }
    if (nudgeLeafTable === undefined || !checks || nudgeable.length === 0) return
    let i = 0
    for (let t = 0; t < count; t++) {
      const index = firstTrial + t
      if (index % FLIP_CHECK_EVERY !== 0) continue
      whileNudged(t, index, () => prologue(t))
      nudgeLeafTable.capture(parameters, weights, base, i++)
    }
    nudgeLeafTable.startBlock(i)
  }

  const signal = options.signal
  const play = (firstTrial: number, count: number, checks: boolean): BlockOutput => {
    throwIfAborted(signal)
    out.count = count
    if (columnar !== undefined) return playColumnar(columnar, firstTrial, count, checks)
    fillAffineColumns(count)
    fillLeafInputs(firstTrial, count, checks)
    let checked = 0
    for (let t = 0; t < count; t++) {
      if ((t & 15) === 15) throwIfAborted(signal)
      trial = t
      leafTable?.setTrial(t)
      const index = firstTrial + t
      const check = checks && nudgeable.length > 0 && index % FLIP_CHECK_EVERY === 0
      if (check) {
        // Re-solve this trial with one input nudged.
        nudgeLeafTable?.setTrial(checked++)
        whileNudged(t, index, () => playTrial(nudged, false))
      }
      playTrial(realised, true)
      for (let d = 0; d < stageCount; d++)
        out.stageFlips[d * blockSize + t] = check ? (nudged[d] === realised[d] ? 0 : 1) : -1
    }
    return out
  }

  const evaluate = (seed: string, block: number, count: number): BlockOutput => {
    out.block = block
    const firstTrial = block * blockSize
    const firstCheck = firstCheckAfter(firstTrial)
    const checks = flipChecks && nudgeable.length > 0
    if (checks) nudgedUniforms.fill(Number.NaN, 0, count)
    for (let c = 0; c < inputs.length; c++) {
      const input = inputs[c]!
      const { sample, fromUniforms } = input.distribution
      const at = c * blockSize
      if (fromUniforms !== undefined) {
        fillUniforms(seed, block, input.id, columns, at, count)
        if (checks)
          for (let t = firstCheck; t < count; t += FLIP_CHECK_EVERY)
            if (nudgedInput(firstTrial + t) === c) nudgedUniforms[t] = columns[at + t]!
        fromUniforms(columns, at, count)
      } else {
        const random = inputStream(seed, block, input.id)
        for (let t = 0; t < count; t++) columns[at + t] = sample(random)
      }
    }
    return play(firstTrial, count, flipChecks)
  }

  const evaluateColumns = (
    count: number,
    fill: (columns: Float64Array, blockSize: number) => void,
  ): BlockOutput => {
    if (!(count >= 0 && count <= blockSize))
      throw new RangeError(`count must be in [0, ${blockSize}], got ${count}`)
    fill(columns, blockSize)
    out.block = -1
    return play(0, count, false)
  }

  return { evaluate, evaluateColumns }
}
