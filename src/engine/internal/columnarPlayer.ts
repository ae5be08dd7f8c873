// The columnar player: a block of trials played a column at a time (each input, parameter, term, utility and
// choice as a run of `capacity` numbers), so the cost of walking the model is paid once per block rather
// than once per trial. Two forms:
// - independent: a choice-free scenario, where every stage is one actor deciding on utilities that read
//   nobody's choice; no game tree.
// - tree: every stage has one mover (perfect information); the game tree is solved by backward induction
//   for the whole block at once, node by node, each node's choices fixed for all its trials.
// The arithmetic per trial is the trial-by-trial solver's, in the same order, so results are bit-identical
// to it (a property test checks every buffer).

import { exponential } from '../../math/exponential'
import { allocateBlockColumns, type BlockColumns } from '../blockBuffers'
import { type AffineTerm, type CompiledScenario, weightSource } from '../compileScenario'
import {
  type ColumnContext,
  type ColumnExpression,
  choiceActors,
  compileColumnExpression,
} from './columnExpression'
import { beats, decide, drawOption } from './decide'

/** Method codes the player writes (indices into SOLUTION_METHODS). @internal */
export interface DecisionMethods {
  readonly decision: number
  readonly logit: number
  readonly none: number
}

/** A player of blocks of up to `capacity` trials: `play(count)` reads `buffers.columns`, writes the rest. @internal */
export interface ColumnarPlayer {
  readonly buffers: BlockColumns
  readonly play: (count: number) => void
}

/** What `decideBlock` found for a block: some trial had no feasible option; every choice mixed; else. */
type BlockDecision = 0 | 1 | 2
const NO_OPTION = 0
const ALL_MIXED = 1
const EACH_TRIAL = 2

/** Most internal nodes × options a tree player stores per trial (its node tables grow with the block). */
const MAX_TREE_CELLS = 1024

/** Most combinations of choices a leaf expression's remembered columns are kept for. */
const MAX_REMEMBERED = 64
/** Most remembered columns a tree player makes (16 MB at 1,024 trials a block); past it, it recomputes. */
const MAX_REMEMBERED_COLUMNS = 2048

/**
 * Whether the columnar player can play this scenario, and in which form.
 * @internal
 */
export const columnarForm = (compiled: CompiledScenario): 'independent' | 'tree' | undefined => {
  if (compiled.choiceFree) return 'independent'
  const { stages, optionIds } = compiled
  if (stages.length === 0 || stages.some((stage) => stage.movers.length !== 1)) return undefined
  let nodes = 0
  let width = 1
  let stride = 0
  for (const stage of stages) {
    nodes += width
    width *= stage.joint
    stride = Math.max(stride, optionIds[stage.movers[0]!]!.length)
  }
  return nodes * stride <= MAX_TREE_CELLS ? 'tree' : undefined
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
 * Makes a columnar player with its own buffers.
 * @param compiled - a scenario {@link columnarForm} accepts
 * @param capacity - most trials per block
 * @param methods - the method codes to record
 * @param form - independent decisions or a perfect-information tree
 * @param rememberedColumns - most columns a tree player makes to remember leaf values
 * @internal
 */
export const createColumnarPlayer = (
  compiled: CompiledScenario,
  capacity: number,
  methods: DecisionMethods,
  form: 'independent' | 'tree',
  rememberedColumns = MAX_REMEMBERED_COLUMNS,
): ColumnarPlayer => {
  const {
    actorIds,
    optionIds,
    optionOffset,
    optionCount,
    parameterSources,
    derivedOrder,
    staticTerms,
    dynamicTerms,
    dynamicStart,
    feasibleExpressions,
    expressionIndex,
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
  const buffers = allocateBlockColumns(compiled, B)
  const { columns, probabilities, utilities } = buffers
  // In the tree form every block starts with a new generation (playTree), so an expression's choice-free
  // parts are computed once per block, whatever the number of nodes that read them.
  const compileColumns = (expression: Parameters<typeof compileColumnExpression>[0]): ColumnExpression =>
    compileColumnExpression(expression, expressionIndex, B, form === 'tree' ? () => generation : undefined)
  // Expressions read parameters through per-parameter views, and the choices fixed at the current node.
  const choices = new Int32Array(actorCount).fill(-1)
  const context: ColumnContext = {
    parameters: Array.from({ length: parameterCount }, (_, i) =>
      buffers.parameters.subarray(i * B, (i + 1) * B),
    ),
    choices,
  }

  const weightOf = (slot: number) => weightSource(compiled, slot)

  // Static terms. Affine chains of one or two terms are summed straight into the utilities (addPair);
  // longer chains (a block at a time) and other expressions (a column expression) are first evaluated into
  // a column each.
  const terms = staticTerms.option.length
  const termWeight = Array.from({ length: terms }, (_, k) => weightOf(staticTerms.weightSlot[k]!))
  const pair = (k: number): boolean =>
    staticTerms.kind[k] === 3 && staticTerms.affine[k]!.coefficients.length <= 2
  const valueSlot = new Int32Array(terms).fill(-1)
  let valueColumns = 0
  for (let k = 0; k < terms; k++)
    if (staticTerms.kind[k] === 2 || (staticTerms.kind[k] === 3 && !pair(k))) valueSlot[k] = valueColumns++
  const values = new Float64Array(valueColumns * B)
  const staticExpressions = Array.from({ length: terms }, (_, k) =>
    staticTerms.kind[k] === 2 ? compileColumns(staticTerms.expression[k]!) : undefined,
  )
  const derived = Array.from({ length: parameterCount }, (_, i) => {
    const source = parameterSources[i]!
    return source.kind === 'derived' ? compileColumns(source.expression) : undefined
  })
  const feasibleColumn = feasibleExpressions.map((expression) =>
    expression === undefined ? undefined : compileColumns(expression),
  )

  /** Parameters (fixed, drawn, then derived in dependency order) and the static terms' value columns. */
  const prepare = (count: number): void => {
    for (let i = 0; i < parameterCount; i++) {
      const source = parameterSources[i]!
      if (source.kind === 'fixed') buffers.parameters.fill(source.value, i * B, i * B + count)
      else if (source.kind === 'column')
        buffers.parameters.set(columns.subarray(source.column * B, source.column * B + count), i * B)
    }
    for (let k = 0; k < derivedOrder.length; k++) {
      const i = derivedOrder[k]!
      buffers.parameters.set(derived[i]!(context, count).subarray(0, count), i * B)
    }
    for (let k = 0; k < terms; k++) {
      const slot = valueSlot[k]!
      if (slot < 0) continue
      if (staticTerms.kind[k] === 3) fillAffine(staticTerms.affine[k]!, columns, B, values, slot * B, count)
      else values.set(staticExpressions[k]!(context, count).subarray(0, count), slot * B)
    }
  }

  // The commonest static term, w × (k₀ x₀ ± k₁ x₁) with a fixed weight and two drawn columns, is kept as
  // offsets and constants, the sign folded into k₁: x − y is x + (−y), and (−k)·x is −(k·x), exactly.
  const simple = new Uint8Array(terms)
  const simpleX0 = new Int32Array(terms)
  const simpleX1 = new Int32Array(terms)
  const simpleK0 = new Float64Array(terms)
  const simpleK1 = new Float64Array(terms)
  const simpleW = new Float64Array(terms)
  for (let k = 0; k < terms; k++) {
    if (!pair(k) || termWeight[k]!.column >= 0) continue
    const term = staticTerms.affine[k]!
    if (term.coefficients.length !== 2 || term.columns[0]! < 0 || term.columns[1]! < 0) continue
    simple[k] = 1
    simpleX0[k] = term.columns[0]! * B
    simpleX1[k] = term.columns[1]! * B
    simpleK0[k] = term.coefficients[0]!
    simpleK1[k] = term.signs[1] === 1 ? term.coefficients[1]! : -term.coefficients[1]!
    simpleW[k] = termWeight[k]!.constant
  }

  /** Per term, how many simple terms of one option start there, in a row (0 if it is not simple). */
  const simpleRun = new Int32Array(terms)
  for (let k = terms - 1; k >= 0; k--)
    if (simple[k] === 1)
      simpleRun[k] =
        k + 1 < terms && staticTerms.option[k + 1] === staticTerms.option[k] ? simpleRun[k + 1]! + 1 : 1

  /** target[at + t] += weight × (t₀ ± t₁): an affine chain of one or two terms, in the chain's order. */
  const addPair = (k: number, target: Float64Array, at: number, count: number): void => {
    if (simple[k] === 1) {
      const x0 = simpleX0[k]!
      const x1 = simpleX1[k]!
      const k0 = simpleK0[k]!
      const k1 = simpleK1[k]!
      const w = simpleW[k]!
      for (let t = 0; t < count; t++) target[at + t]! += w * (k0 * columns[x0 + t]! + k1 * columns[x1 + t]!)
      return
    }
    const term = staticTerms.affine[k]!
    const { column: wc, constant: w } = termWeight[k]!
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
      target[at + t]! += (wc < 0 ? w : columns[w0 + t]!) * value
    }
  }

  /**
   * Two simple terms k and k + 1 of one option in one pass: the same two additions, in order, as two
   * `addPair`s, with one load and store of the running sum instead of two.
   */
  const addTwoPairs = (k: number, target: Float64Array, at: number, count: number): void => {
    const a0 = simpleX0[k]!
    const a1 = simpleX1[k]!
    const ak0 = simpleK0[k]!
    const ak1 = simpleK1[k]!
    const aw = simpleW[k]!
    const b0 = simpleX0[k + 1]!
    const b1 = simpleX1[k + 1]!
    const bk0 = simpleK0[k + 1]!
    const bk1 = simpleK1[k + 1]!
    const bw = simpleW[k + 1]!
    for (let t = 0; t < count; t++)
      target[at + t] =
        target[at + t]! +
        aw * (ak0 * columns[a0 + t]! + ak1 * columns[a1 + t]!) +
        bw * (bk0 * columns[b0 + t]! + bk1 * columns[b1 + t]!)
  }

  /** Four simple terms k to k + 3 of one option in one pass, as two `addTwoPairs` would add them. */
  const addFourPairs = (k: number, target: Float64Array, at: number, count: number): void => {
    const a0 = simpleX0[k]!
    const a1 = simpleX1[k]!
    const ak0 = simpleK0[k]!
    const ak1 = simpleK1[k]!
    const aw = simpleW[k]!
    const b0 = simpleX0[k + 1]!
    const b1 = simpleX1[k + 1]!
    const bk0 = simpleK0[k + 1]!
    const bk1 = simpleK1[k + 1]!
    const bw = simpleW[k + 1]!
    const c0 = simpleX0[k + 2]!
    const c1 = simpleX1[k + 2]!
    const ck0 = simpleK0[k + 2]!
    const ck1 = simpleK1[k + 2]!
    const cw = simpleW[k + 2]!
    const d0 = simpleX0[k + 3]!
    const d1 = simpleX1[k + 3]!
    const dk0 = simpleK0[k + 3]!
    const dk1 = simpleK1[k + 3]!
    const dw = simpleW[k + 3]!
    for (let t = 0; t < count; t++)
      target[at + t] =
        target[at + t]! +
        aw * (ak0 * columns[a0 + t]! + ak1 * columns[a1 + t]!) +
        bw * (bk0 * columns[b0 + t]! + bk1 * columns[b1 + t]!) +
        cw * (ck0 * columns[c0 + t]! + ck1 * columns[c1 + t]!) +
        dw * (dk0 * columns[d0 + t]! + dk1 * columns[d1 + t]!)
  }

  /** target[at + t] += weight × value[t], the weight a column (`weightAt` in `columns`) or a constant. */
  const addWeighted = (
    target: Float64Array,
    at: number,
    weightAt: number,
    w: number,
    source: Float64Array,
    from: number,
    count: number,
  ): void => {
    if (weightAt < 0) for (let t = 0; t < count; t++) target[at + t]! += w * source[from + t]!
    else for (let t = 0; t < count; t++) target[at + t]! += columns[weightAt + t]! * source[from + t]!
  }

  /** Each option's static utility: the sum of its terms, weight times value, in term order. */
  const sumTerms = (target: Float64Array, count: number): void => {
    target.fill(0, 0, optionCount * B)
    for (let k = 0; k < terms; k++) {
      const at = staticTerms.option[k]! * B
      const kind = staticTerms.kind[k]!
      if (kind === 3 && valueSlot[k]! < 0) {
        const run = simpleRun[k]!
        if (run >= 4) {
          addFourPairs(k, target, at, count)
          k += 3
        } else if (run >= 2) {
          addTwoPairs(k, target, at, count)
          k++
        } else addPair(k, target, at, count)
        continue
      }
      const { column: wc, constant: w } = termWeight[k]!
      if (kind === 0) {
        const c = staticTerms.constant[k]!
        if (wc < 0) {
          const v = w * c
          for (let t = 0; t < count; t++) target[at + t]! += v
        } else {
          const w0 = wc * B
          for (let t = 0; t < count; t++) target[at + t]! += columns[w0 + t]! * c
        }
      } else if (kind === 1)
        addWeighted(target, at, wc < 0 ? -1 : wc * B, w, columns, staticTerms.column[k]! * B, count)
      else addWeighted(target, at, wc < 0 ? -1 : wc * B, w, values, valueSlot[k]! * B, count)
    }
  }

  /** Each option's feasibility per trial, at the current choices: 1 or 0 into `target[o * B + t]`. */
  const markFeasible = (a: number, target: Uint8Array, count: number): void => {
    const first = optionOffset[a]!
    for (let o = 0; o < optionIds[a]!.length; o++) {
      const rule = feasibleColumn[first + o]
      if (rule === undefined) target.fill(1, o * B, o * B + count)
      else {
        const x = rule(context, count)
        for (let t = 0; t < count; t++) target[o * B + t] = x[t] !== 0 ? 1 : 0
      }
    }
  }

  const most = new Float64Array(B)
  const total = new Float64Array(B)

  /**
   * Logit choice probabilities of an actor whose options are all feasible in every trial, option by option
   * over the block (utility and marginal of option o at `at + o * B + t`): `decide`'s arithmetic per trial,
   * in its order. Trials whose best utility is not finite are redone by `decide` itself.
   */
  const logitColumns = (
    utility: Float64Array,
    marginal: Float64Array,
    at: number,
    feasible: Uint8Array,
    n: number,
    count: number,
    rationality: number,
  ): void => {
    if (n === 3) {
      logitThree(utility, marginal, at, feasible, count, rationality)
      return
    }
    most.fill(Number.NEGATIVE_INFINITY, 0, count)
    total.fill(0, 0, count)
    for (let o = 0; o < n; o++) {
      const from = at + o * B
      for (let t = 0; t < count; t++) if (utility[from + t]! > most[t]!) most[t] = utility[from + t]!
    }
    for (let o = 0; o < n; o++) {
      const from = at + o * B
      for (let t = 0; t < count; t++) {
        const u = utility[from + t]!
        const m = most[t]!
        const w = Number.isNaN(u) ? 0 : u === m ? 1 : exponential(rationality * (u - m))
        marginal[from + t] = w
        total[t]! += w
      }
    }
    for (let o = 0; o < n; o++) {
      const from = at + o * B
      for (let t = 0; t < count; t++) marginal[from + t] = marginal[from + t]! / total[t]!
    }
    for (let t = 0; t < count; t++)
      if (!Number.isFinite(most[t]!)) decide(utility, marginal, at + t, B, feasible, t, B, n, rationality)
  }

  /**
   * `logitColumns` for three options, a trial at a time, with the trial's best utility and total kept in
   * registers: the same arithmetic in the same order (the sum is 0 + w0 + w1 + w2 there). Where the best
   * utility is equal to u, u - m is ±0 and `exponential` gives exactly 1, as `logitColumns`' shortcut does.
   * A trial with a NaN or infinite utility is redone by `decide` (Math.max is NaN if any utility is, so the
   * test m - m !== 0 catches both).
   */
  const logitThree = (
    utility: Float64Array,
    marginal: Float64Array,
    at: number,
    feasible: Uint8Array,
    count: number,
    rationality: number,
  ): void => {
    const at1 = at + B
    const at2 = at + 2 * B
    for (let t = 0; t < count; t++) {
      const u0 = utility[at + t]!
      const u1 = utility[at1 + t]!
      const u2 = utility[at2 + t]!
      const m = Math.max(u0, u1, u2)
      if (m - m !== 0) {
        decide(utility, marginal, at + t, B, feasible, t, B, 3, rationality)
        continue
      }
      const w0 = exponential(rationality * (u0 - m))
      const w1 = exponential(rationality * (u1 - m))
      const w2 = exponential(rationality * (u2 - m))
      const sum = w0 + w1 + w2
      marginal[at + t] = w0 / sum
      marginal[at1 + t] = w1 / sum
      marginal[at2 + t] = w2 / sum
    }
  }

  /**
   * `decide` for an argmax actor with every option feasible, a column at a time: the first option with
   * the greatest utility (a number beats NaN) gets 1, the others 0.
   */
  const argmaxColumns = (
    utility: Float64Array,
    marginal: Float64Array,
    at: number,
    n: number,
    pick: Int32Array,
    pickAt: number,
    count: number,
  ): void => {
    for (let t = 0; t < count; t++) {
      let best = 0
      let bestUtility = utility[at + t]!
      for (let o = 1; o < n; o++) {
        const u = utility[at + o * B + t]!
        if (beats(u, bestUtility)) {
          best = o
          bestUtility = u
        }
      }
      pick[pickAt + t] = best
    }
    for (let o = 0; o < n; o++) {
      const from = at + o * B
      for (let t = 0; t < count; t++) marginal[from + t] = pick[pickAt + t] === o ? 1 : 0
    }
  }

  /** Per actor, 1 when none of its options has a feasibility rule: `markFeasible` then marks every one. */
  const ruleFree = Uint8Array.from(optionIds, (ids, a) =>
    ids.every((_, o) => feasibleColumn[optionOffset[a]! + o] === undefined) ? 1 : 0,
  )
  /** Whether every option is feasible in every trial (then `logitColumns` or `argmaxColumns` applies). */
  const allFeasible = (feasible: Uint8Array, n: number, count: number): boolean => {
    for (let o = 0; o < n; o++) for (let t = 0; t < count; t++) if (feasible[o * B + t] === 0) return false
    return true
  }

  /**
   * Decides for every trial at one node: utilities (option o at `at + o * B + t`, NaN where infeasible)
   * give marginals; `pick[pickAt + t]` is the argmax option, -1 for a mixed (logit) choice, -2 when no
   * option is feasible. Returns NO_OPTION if any trial had no feasible option, ALL_MIXED if every trial's
   * choice is mixed, else EACH_TRIAL.
   */
  const decideBlock = (
    a: number,
    utility: Float64Array,
    marginal: Float64Array,
    at: number,
    feasible: Uint8Array,
    pick: Int32Array,
    pickAt: number,
    count: number,
  ): BlockDecision => {
    const n = optionIds[a]!.length
    const rationality = lambda[a]!
    if (rationality >= 0 && (ruleFree[a] === 1 || allFeasible(feasible, n, count))) {
      if (rationality > 0) {
        logitColumns(utility, marginal, at, feasible, n, count, rationality)
        pick.fill(-1, pickAt, pickAt + count)
        return ALL_MIXED
      }
      argmaxColumns(utility, marginal, at, n, pick, pickAt, count)
      return EACH_TRIAL
    }
    let none = false
    for (let t = 0; t < count; t++) {
      let any = false
      for (let o = 0; o < n; o++) {
        if (feasible[o * B + t] === 0) utility[at + o * B + t] = Number.NaN
        else any = true
      }
      if (!any) {
        for (let o = 0; o < n; o++) marginal[at + o * B + t] = 0
        pick[pickAt + t] = -2
        none = true
      } else {
        const best = decide(utility, marginal, at + t, B, feasible, t, B, n, rationality)
        pick[pickAt + t] = best >= 0 ? best : -1
      }
    }
    return none ? NO_OPTION : EACH_TRIAL
  }

  /** The option played in trial t at a node: its pick, or a draw from its marginals. -1: no feasible option. */
  const played = (a: number, marginal: Float64Array, at: number, pick: number, t: number): number =>
    pick >= 0
      ? pick
      : pick === -2
        ? -1
        : drawOption(marginal, at + t, B, optionsById[a]!, columns[choiceColumn[a]! * B + t]!)

  /** Records trial t's decision of stage d's mover. */
  const record = (d: number, a: number, choice: number, pick: number, t: number): void => {
    buffers.choices[a * B + t] = choice
    buffers.stageProfiles[d * B + t] = choice < 0 ? optionIds[a]!.length : choice
    buffers.stageEquilibria[d * B + t] = 1
    buffers.stageMethods[d * B + t] =
      pick === -2 ? methods.none : lambda[a] === 0 ? methods.decision : methods.logit
  }

  // independent decisions ------------------------------------------------------------------------------

  const stageFeasible = new Uint8Array(Math.max(1, ...optionIds.map((ids) => ids.length)) * B)
  const picks = new Int32Array(B)

  const playIndependent = (count: number): void => {
    prepare(count)
    sumTerms(utilities, count)
    for (let d = 0; d < stageCount; d++) {
      const a = stages[d]!.movers[0]!
      const at = optionOffset[a]! * B
      markFeasible(a, stageFeasible, count)
      for (let o = 0; o < optionIds[a]!.length; o++)
        buffers.feasible.set(stageFeasible.subarray(o * B, o * B + count), at + o * B)
      if (decideBlock(a, utilities, probabilities, at, stageFeasible, picks, 0, count) === ALL_MIXED)
        drawBlock(d, a, at, count)
      else
        for (let t = 0; t < count; t++) {
          const pick = picks[t]!
          record(d, a, played(a, probabilities, at, pick, t), pick, t)
        }
    }
  }

  /**
   * `record` of every trial's `played` option for a block where `decideBlock` gave every trial a mixed
   * (logit) choice: the stage's solved-equilibrium and method columns are the same for every trial.
   */
  const drawBlock = (d: number, a: number, at: number, count: number): void => {
    const n = optionIds[a]!.length
    const order = optionsById[a]!
    const from = choiceColumn[a]! * B
    const choiceAt = a * B
    const stageAt = d * B
    for (let t = 0; t < count; t++) {
      const choice = drawOption(probabilities, at + t, B, order, columns[from + t]!)
      buffers.choices[choiceAt + t] = choice
      buffers.stageProfiles[stageAt + t] = choice < 0 ? n : choice
    }
    buffers.stageEquilibria.fill(1, stageAt, stageAt + count)
    buffers.stageMethods.fill(methods.logit, stageAt, stageAt + count)
  }

  // a perfect-information tree --------------------------------------------------------------------------

  const movers = Int32Array.from(stages, (stage) => stage.movers[0]!)
  const optionsAt = Int32Array.from(movers, (a) => optionIds[a]!.length)
  const stride = Math.max(1, ...optionsAt)
  const depthOffset = new Int32Array(stageCount)
  let internalNodes = 0
  if (form === 'tree') {
    let width = 1
    for (let d = 0; d < stageCount; d++) {
      depthOffset[d] = internalNodes
      internalNodes += width
      width *= stages[d]!.joint
    }
  }
  const base = form === 'tree' ? new Float64Array(optionCount * B) : utilities
  // Per node, per option, per trial: marginal and utility; per node and trial: the pick.
  const nodeMarginal = new Float64Array(internalNodes * stride * B)
  const nodeUtility = new Float64Array(internalNodes * stride * B)
  const nodePick = new Int32Array(internalNodes * B)
  const nodeFeasibleStore = new Uint8Array(internalNodes * stride * B)
  // Per depth: its children's value vectors (option o, actor b at `(o * actorCount + b) * B`; the last
  // child, index n, is the no-option child), and its options' feasibility.
  const childValues = Array.from(
    optionsAt,
    (n) => new Float64Array(form === 'tree' ? (n + 1) * actorCount * B : 0),
  )
  const nodeFeasible = Array.from(optionsAt, (n) => new Uint8Array(form === 'tree' ? n * B : 0))
  // Remembering at the leaves. A leaf's terms mostly read one or two actors' choices, so most leaves would
  // recompute the same column: an expression (rememberPerChoices) and an option's running sum (prefixSums)
  // are computed once per block for each combination of the choices they read, then copied from. Past
  // MAX_REMEMBERED combinations, or the player's column budget, they are recomputed at every leaf.
  /** Bumped by each block: what was remembered for an earlier one is stale. */
  let generation = 0
  const parameterViews = new Set(context.parameters)
  let remembered = 0
  /** A new column for remembering, or undefined once the player has made `rememberedColumns` of them. */
  const rememberedColumn = (): Float64Array | undefined => {
    if (remembered >= rememberedColumns) return undefined
    remembered++
    return new Float64Array(B)
  }
  /** A number for each combination of some actors' current choices (no choice counts as one). */
  const choiceKey = (readers: ReadonlyArray<number>) => {
    const actors = Int32Array.from(readers)
    const radix = Int32Array.from(actors, (a) => optionIds[a]!.length + 1)
    const combinations = radix.reduce((product, r) => product * r, 1)
    const key = (): number => {
      let key = 0
      for (let i = 0; i < actors.length; i++) key = key * radix[i]! + (choices[actors[i]!]! + 1)
      return key
    }
    return { combinations, key }
  }

  const rememberPerChoices = (
    expression: Parameters<typeof compileColumnExpression>[0],
  ): ColumnExpression => {
    const evaluate = compileColumns(expression)
    const { combinations, key: keyOf } = choiceKey(choiceActors(expression, expressionIndex))
    if (form !== 'tree' || combinations > MAX_REMEMBERED) return evaluate
    const stamp = new Float64Array(combinations).fill(-1)
    // What a key's column is this block (a parameter's view, or the copy), and each key's copy.
    const kept: Array<Float64Array | undefined> = new Array(combinations)
    const copies: Array<Float64Array | undefined> = new Array(combinations)
    return (context, count) => {
      const key = keyOf()
      if (stamp[key] === generation) return kept[key]!
      const value = evaluate(context, count)
      if (!parameterViews.has(value)) {
        let copy = copies[key]
        if (copy === undefined) {
          copy = rememberedColumn()
          // Out of budget: this key is evaluated every time.
          if (copy === undefined) return value
          copies[key] = copy
        }
        copy.set(value.subarray(0, count))
        kept[key] = copy
      } else kept[key] = value
      stamp[key] = generation
      return kept[key]!
    }
  }

  const dynamicExpressions = Array.from({ length: dynamicTerms.option.length }, (_, k) =>
    rememberPerChoices(dynamicTerms.expression[k]!),
  )
  const dynamicWeight = Array.from({ length: dynamicTerms.option.length }, (_, k) =>
    weightOf(dynamicTerms.weightSlot[k]!),
  )

  /**
   * Each dynamic term's running sum (the option's static utility plus its dynamic terms up to this one),
   * remembered per block for each combination of the choices those terms read. Leaves that agree on
   * those choices share the sum instead of redoing it; each sum is still added up in term order.
   */
  interface PrefixSums {
    readonly key: () => number
    readonly stamp: Float64Array
    /** Each key's sum, made on first use. */
    readonly sums: Array<Float64Array | undefined>
  }
  const prefixSums: Array<PrefixSums | undefined> = new Array(dynamicTerms.option.length)
  if (form === 'tree')
    for (let flat = 0; flat < optionCount; flat++) {
      const readers = new Set<number>()
      for (let k = dynamicStart[flat]!; k < dynamicStart[flat + 1]!; k++) {
        for (const a of choiceActors(dynamicTerms.expression[k]!, expressionIndex)) readers.add(a)
        const { combinations, key } = choiceKey([...readers].sort((x, y) => x - y))
        if (combinations > MAX_REMEMBERED) break
        prefixSums[k] = {
          key,
          stamp: new Float64Array(combinations).fill(-1),
          sums: new Array(combinations),
        }
      }
    }

  /** into[intoAt + t] = from[fromAt + t] + weight × value[t]: `addWeighted`'s arithmetic, into a new place. */
  const addWeightedTo = (
    into: Float64Array,
    intoAt: number,
    from: Float64Array,
    fromAt: number,
    k: number,
    value: Float64Array,
    count: number,
  ): void => {
    const { column, constant } = dynamicWeight[k]!
    if (column < 0)
      for (let t = 0; t < count; t++) into[intoAt + t] = from[fromAt + t]! + constant * value[t]!
    else {
      const w = column * B
      for (let t = 0; t < count; t++) into[intoAt + t] = from[fromAt + t]! + columns[w + t]! * value[t]!
    }
  }

  /** Every actor's utility at a leaf (the current choices), into target at `at + b * B`. */
  const leaf = (target: Float64Array, at: number, count: number): void => {
    for (let b = 0; b < actorCount; b++) {
      const into = at + b * B
      const choice = choices[b]!
      if (choice < 0) {
        target.fill(0, into, into + count)
        continue
      }
      const flat = optionOffset[b]! + choice
      let sum = base
      let sumAt = flat * B
      for (let k = dynamicStart[flat]!, end = dynamicStart[flat + 1]!; k < end; k++) {
        const prefix = prefixSums[k]
        if (prefix !== undefined && sum !== target) {
          const key = prefix.key()
          let kept = prefix.sums[key]
          if (kept !== undefined && prefix.stamp[key] === generation) {
            sum = kept
            sumAt = 0
            continue
          }
          if (kept === undefined) {
            kept = rememberedColumn()
            prefix.sums[key] = kept
          }
          if (kept !== undefined) {
            addWeightedTo(kept, 0, sum, sumAt, k, dynamicExpressions[k]!(context, count), count)
            prefix.stamp[key] = generation
            sum = kept
            sumAt = 0
            continue
          }
        }
        // Too many combinations to remember, or out of budget: the rest of the sum is made in place.
        addWeightedTo(target, into, sum, sumAt, k, dynamicExpressions[k]!(context, count), count)
        sum = target
        sumAt = into
      }
      if (sum !== target) target.set(sum.subarray(sumAt, sumAt + count), into)
    }
  }

  /** Solves node (d, slot) for the block and writes its value vector into target at `at + b * B`. */
  const solve = (d: number, slot: number, target: Float64Array, at: number, count: number): void => {
    const a = movers[d]!
    const n = optionsAt[d]!
    const g = depthOffset[d]! + slot
    const joint = stages[d]!.joint
    const feasible = nodeFeasible[d]!
    const children = childValues[d]!
    markFeasible(a, feasible, count)
    nodeFeasibleStore.set(feasible.subarray(0, n * B), g * stride * B)
    const child = (code: number): void => {
      if (d === stageCount - 1) leaf(children, code * actorCount * B, count)
      else solve(d + 1, slot * joint + code, children, code * actorCount * B, count)
    }
    const utilityAt = g * stride * B
    for (let o = 0; o < n; o++) {
      let any = false
      for (let t = 0; t < count && !any; t++) any = feasible[o * B + t] === 1
      if (!any) continue
      choices[a] = o
      child(o)
      nodeUtility.set(
        children.subarray((o * actorCount + a) * B, (o * actorCount + a) * B + count),
        utilityAt + o * B,
      )
    }
    if (
      decideBlock(a, nodeUtility, nodeMarginal, utilityAt, feasible, nodePick, g * B, count) === NO_OPTION
    ) {
      choices[a] = -1
      child(n)
    }
    choices[a] = -1
    // The node's value: the argmax child's, the marginals' mix of the children's, or the no-option child's.
    // Mixed trials are summed a column at a time (each value still adds its options in order), then the
    // trials with a pick take their child's values.
    const pickAt = g * B
    let mixed = 0
    for (let t = 0; t < count; t++) if (nodePick[pickAt + t] === -1) mixed++
    if (mixed > 0)
      for (let b = 0; b < actorCount; b++) {
        const into = at + b * B
        target.fill(0, into, into + count)
        for (let o = 0; o < n; o++) {
          const p = utilityAt + o * B
          const from = (o * actorCount + b) * B
          for (let t = 0; t < count; t++) {
            const weight = nodeMarginal[p + t]!
            if (weight !== 0) target[into + t]! += weight * children[from + t]!
          }
        }
      }
    if (mixed < count)
      for (let t = 0; t < count; t++) {
        const pick = nodePick[pickAt + t]!
        if (pick === -1) continue
        const from = (pick === -2 ? n : pick) * actorCount * B + t
        for (let b = 0; b < actorCount; b++) target[at + b * B + t] = children[from + b * B]!
      }
  }

  const rootValue = new Float64Array(actorCount * B)

  const playTree = (count: number): void => {
    generation++
    prepare(count)
    sumTerms(base, count)
    solve(0, 0, rootValue, 0, count)
    for (let t = 0; t < count; t++) {
      let slot = 0
      for (let d = 0; d < stageCount; d++) {
        const a = movers[d]!
        const n = optionsAt[d]!
        const g = depthOffset[d]! + slot
        const at = g * stride * B
        const pick = nodePick[g * B + t]!
        const choice = played(a, nodeMarginal, at, pick, t)
        const first = optionOffset[a]!
        for (let o = 0; o < n; o++) {
          probabilities[(first + o) * B + t] = nodeMarginal[at + o * B + t]!
          utilities[(first + o) * B + t] = nodeUtility[at + o * B + t]!
          buffers.feasible[(first + o) * B + t] = nodeFeasibleStore[at + o * B + t]!
        }
        record(d, a, choice, pick, t)
        slot = slot * stages[d]!.joint + (choice < 0 ? n : choice)
      }
    }
  }

  // outcomes --------------------------------------------------------------------------------------------

  const trialParameters = new Float64Array(parameterCount)
  const trialChoices = new Int32Array(actorCount)
  const evaluateOutcomes = (count: number): void => {
    if (outcomes.length === 0) return
    for (let t = 0; t < count; t++) {
      for (let i = 0; i < parameterCount; i++) trialParameters[i] = buffers.parameters[i * B + t]!
      for (let a = 0; a < actorCount; a++) trialChoices[a] = buffers.choices[a * B + t]!
      for (let k = 0; k < outcomes.length; k++)
        buffers.outcomes[k * B + t] = outcomes[k]!.evaluate(trialParameters, trialChoices)
    }
  }

  const play = (count: number): void => {
    if (form === 'tree') playTree(count)
    else playIndependent(count)
    evaluateOutcomes(count)
  }

  return { buffers, play }
}
