import { inputStream } from '../random/blockStream'
import type { DecisionData } from './decisionData'

// model

/** Settings of {@link expectedValueOfInformation}, every field with a default. @since 0.1.0 */
export interface ValueOfInformationOptions {
  /**
   * Quantile bins for an input with more than 20 distinct values (at most n are used).
   * @defaultValue ⌈√n / 4⌉ clamped to [8, 50], for n trials
   */
  readonly bins?: number
  /** Permuted copies of each input averaged for the bias correction; 0 turns it off. @defaultValue 5 */
  readonly permutations?: number
  /** Seed of the permutations. @defaultValue 'evppi' */
  readonly seed?: string
}

/** What knowing the uncertain inputs before choosing would be worth to one actor. @since 0.1.0 */
export interface ValueOfInformation {
  /** Expected value of perfect information: `perfect - baseline.expectedUtility`, never below 0. */
  readonly evpi: number
  /** Per input, the expected value of learning it alone before choosing, bias-corrected, in [0, evpi]. */
  readonly evppi: Readonly<Record<string, number>>
  /** Per input, the bias estimate subtracted from its binned EVPPI (the mean over permuted copies). */
  readonly evppiCorrection: Readonly<Record<string, number>>
  /** The single option the actor commits to without information, and its expected utility. */
  readonly baseline: { readonly option: string; readonly expectedUtility: number }
  /** Expected utility when the actor picks the best feasible option in each trial. */
  readonly perfect: number
  /** Trials used: those in which at least one option is feasible. */
  readonly trials: number
  /** How the numbers were estimated, in words. */
  readonly method: string
}

// internals

/** At most this many distinct values: an input is binned by value rather than by quantile. */
const MAX_DISCRETE_VALUES = 20

interface Resolved {
  readonly bins: number
  readonly permutations: number
  readonly seed: string
}

const resolveOptions = (options: ValueOfInformationOptions, trials: number): Resolved => {
  const bins = options.bins ?? Math.min(50, Math.max(8, Math.ceil(Math.sqrt(trials) / 4)))
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a whole number >= 1, got ${bins}`)
  const permutations = options.permutations ?? 5
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new RangeError(`permutations must be a whole number >= 0, got ${permutations}`)
  return { bins: Math.min(bins, trials), permutations, seed: options.seed ?? 'evppi' }
}

/** The decision restricted to trials with a feasible option, infeasible utilities filled in. */
interface Prepared {
  /** Trials used, in data order: indices into the original arrays. */
  readonly used: Int32Array
  /** Per option: its utility, or the worst feasible option's utility in trials where it is infeasible. */
  readonly filled: ReadonlyArray<Float64Array>
  /** Per option: 1 where it is feasible. */
  readonly feasible: ReadonlyArray<Uint8Array>
  /** Per trial: the best feasible option's utility. */
  readonly best: Float64Array
}

const checkShape = (data: DecisionData): number => {
  const { options, utilities, inputs } = data
  if (options.length === 0) throw new RangeError('a decision needs at least one option')
  if (utilities.length !== options.length)
    throw new RangeError(`${options.length} options but ${utilities.length} utility columns`)
  if (new Set(options).size !== options.length) throw new RangeError('option ids must be distinct')
  const n = utilities[0]!.length
  for (const [o, column] of utilities.entries())
    if (column.length !== n)
      throw new RangeError(`option ${options[o]} has ${column.length} trials, option ${options[0]} has ${n}`)
  for (const [name, column] of Object.entries(inputs))
    if (column.length !== n)
      throw new RangeError(`input ${name} has ${column.length} trials, options have ${n}`)
  return n
}

const prepare = (data: DecisionData): Prepared => {
  const n = checkShape(data)
  const columns = data.utilities
  const k = columns.length
  const usedAll = new Int32Array(n)
  const bestAll = new Float64Array(n)
  const worstAll = new Float64Array(n)
  let m = 0
  for (let t = 0; t < n; t++) {
    let best = Number.NEGATIVE_INFINITY
    let worst = Number.POSITIVE_INFINITY
    let any = false
    for (let o = 0; o < k; o++) {
      const u = columns[o]![t]!
      if (Number.isNaN(u)) continue
      any = true
      if (u > best) best = u
      if (u < worst) worst = u
    }
    if (!any) continue
    usedAll[m] = t
    bestAll[m] = best
    worstAll[m] = worst
    m++
  }
  const used = usedAll.slice(0, m)
  const filled: Float64Array[] = []
  const feasible: Uint8Array[] = []
  for (const column of columns) {
    const values = new Float64Array(m)
    const flags = new Uint8Array(m)
    for (let i = 0; i < m; i++) {
      const u = column[used[i]!]!
      const ok = !Number.isNaN(u)
      values[i] = ok ? u : worstAll[i]!
      flags[i] = ok ? 1 : 0
    }
    filled.push(values)
    feasible.push(flags)
  }
  return { used, filled, feasible, best: bestAll.slice(0, m) }
}

/**
 * Per group of trials, the total utility of the option the actor would commit to within it: the best
 * total among options feasible in every trial of the group, or, if there are none, among the options
 * feasible in the most trials of it (infeasible trials counted at the worst feasible option's utility).
 * Sums of one group share a size, so comparing sums compares means.
 */
const committedTotals = (
  prepared: Prepared,
  labels: Int32Array,
  groups: number,
): { readonly total: number; readonly choice: Int32Array } => {
  const k = prepared.filled.length
  const m = labels.length
  const sums = new Float64Array(groups * k)
  const counts = new Int32Array(groups * k)
  const sizes = new Int32Array(groups)
  for (let i = 0; i < m; i++) sizes[labels[i]!]!++
  for (let o = 0; o < k; o++) {
    const values = prepared.filled[o]!
    const flags = prepared.feasible[o]!
    for (let i = 0; i < m; i++) {
      const cell = labels[i]! * k + o
      sums[cell]! += values[i]!
      counts[cell]! += flags[i]!
    }
  }
  const choice = new Int32Array(groups).fill(-1)
  let total = 0
  for (let g = 0; g < groups; g++) {
    if (sizes[g] === 0) continue
    let mostFeasible = 0
    for (let o = 0; o < k; o++) mostFeasible = Math.max(mostFeasible, counts[g * k + o]!)
    let chosen = -1
    for (let o = 0; o < k; o++)
      if (counts[g * k + o] === mostFeasible && (chosen < 0 || sums[g * k + o]! > sums[g * k + chosen]!))
        chosen = o
    choice[g] = chosen
    total += sums[g * k + chosen]!
  }
  return { total, choice }
}

/** Each trial's bin of `values`: by value if they are few, else by quantile; NaN gets a bin of its own. */
const binLabels = (
  values: Float64Array,
  bins: number,
): { readonly labels: Int32Array; readonly groups: number } => {
  const m = values.length
  const distinct = new Set<number>()
  for (let i = 0; i < m && distinct.size <= MAX_DISCRETE_VALUES; i++) distinct.add(values[i]!)
  const labels = new Int32Array(m)
  if (distinct.size <= MAX_DISCRETE_VALUES) {
    const index = new Map([...distinct].map((value, i) => [value, i]))
    for (let i = 0; i < m; i++) labels[i] = index.get(values[i]!)!
    return { labels, groups: distinct.size }
  }
  const sorted = Float64Array.from(values).sort()
  let finite = m
  while (finite > 0 && Number.isNaN(sorted[finite - 1]!)) finite--
  // Cut points at the k/bins quantiles; equal values always share a bin (so some bins may be empty).
  const cuts = new Float64Array(bins - 1)
  for (let b = 1; b < bins; b++) cuts[b - 1] = sorted[Math.floor((b * finite) / bins)]!
  for (let i = 0; i < m; i++) {
    const value = values[i]!
    if (Number.isNaN(value)) {
      labels[i] = bins
      continue
    }
    let lo = 0
    let hi = cuts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cuts[mid]! <= value) lo = mid + 1
      else hi = mid
    }
    labels[i] = lo
  }
  return { labels, groups: bins + 1 }
}

const shuffled = (labels: Int32Array, random: () => number): Int32Array => {
  const out = labels.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = out[i]!
    out[i] = out[j]!
    out[j] = swap
  }
  return out
}

// value of information

/**
 * The expected value of perfect information (EVPI) of one actor's decision, and of partial perfect
 * information (EVPPI) about each uncertain input: how much the actor's expected utility would rise if it
 * learned, before choosing, every input (EVPI) or one input (EVPPI).
 *
 * Without information the actor commits to one option for all trials: the one with the highest mean
 * utility among options feasible in every trial. If no option is feasible in every trial, the candidates
 * are the options feasible most often, and a trial where a candidate is infeasible counts at the worst
 * feasible option's utility there (the actor is pushed to its worst alternative). Trials where no option
 * is feasible carry no decision and are left out; `trials` counts the rest.
 *
 * EVPI = E_t[max_o U_o(t)] − max_o E_t[U_o(t)] (Howard 1966), exact for the sample.
 * EVPPI(θ) = E_θ[max_o E[U_o | θ]] − max_o E[U_o], estimated by binning θ (Strong & Oakley 2013): inputs with
 * at most 20 distinct values by value, others into `bins` quantile bins; within each bin the same
 * commitment rule picks an option, and the bins' totals are summed. Taking a maximum of noisy bin means
 * biases this upward, by up to about σ·√(bins / n) (σ the spread of utility differences within a bin;
 * largest when options tie within bins, growing slowly with the number of options); coarse bins bias it
 * downward. The upward part is removed by a permutation baseline: the same estimate with θ shuffled
 * across trials (which carries no information, so its estimate is pure bias), averaged over
 * `permutations` seeded shuffles, is subtracted, and the result clamped to [0, EVPI]. The correction is
 * unbiased for an uninformative input and approximate for an informative one: it over-corrects when the
 * options' means are close overall (by about 0.006 for go = x, stay = 0, x ~ N(0, 1), n = 200 000 and 50
 * bins, where the input's bins are decisive and have almost no bias), and under-corrects when one option
 * dominates overall but the input makes options cross. `evppiCorrection` reports what was subtracted.
 *
 * Cost: O(n·k) for EVPI, plus O(n log n + (1 + permutations)·n·k) per input, for n trials and k options.
 * @param data - the actor's options, per-trial utilities (NaN where infeasible) and per-trial inputs
 * @param options - bins, permutations and seed; see {@link ValueOfInformationOptions}
 * @returns EVPI, per-input EVPPI and the corrections applied, the baseline commitment, the expected utility
 * under perfect information, the trials used and a description of the method
 * @throws RangeError if the columns' lengths disagree, option ids repeat, there are no options, no trial
 * has a feasible option, or `bins` or `permutations` is not a whole number in range
 * @example
 * import { expectedValueOfInformation } from 'statecraft'
 * const data = {
 *   options: ['picnic', 'museum'],
 *   utilities: [Float64Array.of(3, 3, -2, -2), Float64Array.of(1, 1, 1, 1)],
 *   inputs: { rain: Float64Array.of(0, 0, 1, 1) },
 * }
 * const voi = expectedValueOfInformation(data, { permutations: 0 })
 * voi.baseline // => { option: 'museum', expectedUtility: 1 }
 * voi.evpi // => 1
 * voi.evppi // => { rain: 1 }
 * @since 0.1.0
 */
export const expectedValueOfInformation = (
  data: DecisionData,
  options: ValueOfInformationOptions = {},
): ValueOfInformation => {
  const prepared = prepare(data)
  const m = prepared.used.length
  if (m === 0) throw new RangeError('no trial has a feasible option')
  const { bins, permutations, seed } = resolveOptions(options, m)

  const all = committedTotals(prepared, new Int32Array(m), 1)
  const baselineTotal = all.total
  let perfectTotal = 0
  for (let i = 0; i < m; i++) perfectTotal += prepared.best[i]!
  const expectedUtility = baselineTotal / m
  const perfect = perfectTotal / m
  const evpi = Math.max(0, perfect - expectedUtility)

  const evppi: Record<string, number> = {}
  const evppiCorrection: Record<string, number> = {}
  for (const [name, column] of Object.entries(data.inputs)) {
    const values = new Float64Array(m)
    for (let i = 0; i < m; i++) values[i] = column[prepared.used[i]!]!
    const { labels, groups } = binLabels(values, bins)
    const binned = (committedTotals(prepared, labels, groups).total - baselineTotal) / m
    let correction = 0
    for (let p = 0; p < permutations; p++) {
      const permuted = shuffled(labels, inputStream(seed, p, `evppi:${name}`))
      correction += (committedTotals(prepared, permuted, groups).total - baselineTotal) / m
    }
    if (permutations > 0) correction /= permutations
    evppiCorrection[name] = correction
    evppi[name] = Math.min(evpi, Math.max(0, binned - correction))
  }

  const correctionText =
    permutations > 0
      ? `less the mean of ${permutations} estimates with the input permuted across trials (seed '${seed}'), ` +
        'a permutation baseline correction for the upward bias of maxima of bin means ' +
        '(up to about σ·√(bins / n)), clamped to [0, EVPI]'
      : 'uncorrected (upward bias up to about σ·√(bins / n)), clamped to [0, EVPI]'
  return {
    evpi,
    evppi,
    evppiCorrection,
    baseline: { option: data.options[all.choice[0]!]!, expectedUtility },
    perfect,
    trials: m,
    method:
      `EVPI: mean over ${m} trials of the best feasible option's utility ` +
      `less the best single option's mean (Howard 1966). ` +
      `EVPPI: the input binned (by value if it has at most ${MAX_DISCRETE_VALUES} distinct values, ` +
      `else into ${bins} quantile bins), ` +
      `the best option's mean taken per bin and weighted by bin size (Strong & Oakley 2013), ${correctionText}.`,
  }
}
