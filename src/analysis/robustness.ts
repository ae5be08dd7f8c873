import type { DecisionData } from './decisionData'

// model

/** Settings of {@link robustness}, every field with a default. @since 0.1.0 */
export interface RobustnessOptions {
  /** Satisficing threshold: a trial satisfices if the option's utility is at least this. @defaultValue 0 */
  readonly threshold?: number
}

/** One option's robustness statistics; NaN (and `feasible` 0) if it is never feasible. @since 0.1.0 */
export interface OptionRobustness {
  /** Mean utility over the trials where the option is feasible. */
  readonly expected: number
  /** Regret (the best feasible option's utility less this option's) over the trials where it is feasible. */
  readonly regret: {
    readonly mean: number
    /** The 90th percentile: the smallest regret r with at least 90% of the regrets at most r. */
    readonly p90: number
    readonly max: number
  }
  /** Share of the trials where the option is feasible in which its utility reaches the threshold. */
  readonly satisficing: number
  /** Share of all trials in which the option is feasible. */
  readonly feasible: number
}

/** Robustness statistics per option id, in the data's option order. @since 0.1.0 */
export type Robustness = Readonly<Record<string, OptionRobustness>>

/** A decision criterion {@link robustChoice} can rank options by. @since 0.1.0 */
export type RobustnessCriterion = 'expected' | 'minimax-regret' | 'satisficing'

// robustness

/**
 * How each of an actor's options fares across the trials, as robust decision making reports it
 * (Lempert, Popper & Bankes 2003; Rhodium): its expected utility, its regret and its satisficing share.
 *
 * For trial t and an option o feasible there, regret_o(t) = max over feasible options o' of U_o'(t) − U_o(t),
 * so the best option of a trial has regret 0 in it. Every statistic is over the trials where the option is
 * feasible (NaN utilities mark the others): `expected` is the mean of U_o, `regret` the mean, 90th percentile
 * (the nearest-rank order statistic, by sorting) and maximum of regret_o, `satisficing` the share with
 * U_o ≥ threshold; `feasible` is the share of all trials where o is feasible.
 *
 * Cost: O(n·k) for n trials and k options, plus a sort of each option's regrets, O(n log n).
 * @param data - the actor's options and per-trial utilities, NaN where infeasible (inputs are not used)
 * @param options - the satisficing threshold; see {@link RobustnessOptions}
 * @returns the statistics per option id, in the data's order
 * @throws RangeError if the columns' lengths disagree, option ids repeat, or the threshold is NaN
 * @example
 * import { robustness } from 'statecraft'
 * const result = robustness({
 *   options: ['strike', 'wait', 'talk'],
 *   utilities: [Float64Array.of(20, 0), Float64Array.of(0, 12), Float64Array.of(12, 7)],
 * })
 * result.talk?.regret // => { mean: 6.5, p90: 8, max: 8 }
 * result.strike?.satisficing // => 1
 * @since 0.1.0
 */
export const robustness = (
  data: Pick<DecisionData, 'options' | 'utilities'>,
  options: RobustnessOptions = {},
): Robustness => {
  const threshold = options.threshold ?? 0
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number, got NaN')
  const columns = data.utilities
  if (columns.length !== data.options.length)
    throw new RangeError(`${data.options.length} options but ${columns.length} utility columns`)
  if (new Set(data.options).size !== data.options.length) throw new RangeError('option ids must be distinct')
  const n = columns[0]?.length ?? 0
  for (const [o, column] of columns.entries())
    if (column.length !== n)
      throw new RangeError(
        `option ${data.options[o]} has ${column.length} trials, option ${data.options[0]} has ${n}`,
      )

  const best = new Float64Array(n).fill(Number.NEGATIVE_INFINITY)
  for (const column of columns)
    for (let t = 0; t < n; t++) {
      const u = column[t]!
      if (u > best[t]!) best[t] = u
    }

  const regrets = new Float64Array(n)
  const result: Record<string, OptionRobustness> = {}
  for (const [o, column] of columns.entries()) {
    let count = 0
    let utilitySum = 0
    let regretSum = 0
    let satisfied = 0
    for (let t = 0; t < n; t++) {
      const u = column[t]!
      if (Number.isNaN(u)) continue
      const regret = best[t]! - u
      regrets[count++] = regret
      utilitySum += u
      regretSum += regret
      if (u >= threshold) satisfied++
    }
    const sorted = regrets.subarray(0, count).sort()
    result[data.options[o]!] = {
      expected: count === 0 ? Number.NaN : utilitySum / count,
      regret: {
        mean: count === 0 ? Number.NaN : regretSum / count,
        p90: count === 0 ? Number.NaN : sorted[Math.ceil((9 * count) / 10) - 1]!,
        max: count === 0 ? Number.NaN : sorted[count - 1]!,
      },
      satisficing: count === 0 ? Number.NaN : satisfied / count,
      feasible: n === 0 ? 0 : count / n,
    }
  }
  return result
}

/**
 * The option a criterion picks from {@link robustness} statistics: the highest expected utility
 * (`expected`), the smallest maximum regret (`minimax-regret`, Savage 1951), or the highest satisficing
 * share (`satisficing`). Options never feasible are passed over; ties go to the first option in order.
 * @param result - statistics from {@link robustness}
 * @param criterion - the decision criterion
 * @returns the chosen option id, or undefined if no option is ever feasible
 * @example
 * import { robustChoice, robustness } from 'statecraft'
 * const result = robustness({
 *   options: ['strike', 'wait', 'talk'],
 *   utilities: [Float64Array.of(20, 0), Float64Array.of(0, 12), Float64Array.of(12, 7)],
 * })
 * robustChoice(result, 'expected') // => 'strike'
 * robustChoice(result, 'minimax-regret') // => 'talk'
 * @since 0.1.0
 */
export const robustChoice = (result: Robustness, criterion: RobustnessCriterion): string | undefined => {
  const score = (stats: OptionRobustness): number =>
    criterion === 'expected'
      ? stats.expected
      : criterion === 'minimax-regret'
        ? -stats.regret.max
        : stats.satisficing
  let chosen: string | undefined
  let top = Number.NEGATIVE_INFINITY
  for (const [option, stats] of Object.entries(result)) {
    const value = score(stats)
    if (Number.isNaN(value)) continue
    if (chosen === undefined || value > top) {
      chosen = option
      top = value
    }
  }
  return chosen
}
