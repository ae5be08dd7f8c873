import { feasibleOptions } from './internal/feasibleOptions'
import { decodeProfile, encodeProfile, type NormalFormGame } from './normalFormGame'

/**
 * How to choose among pure equilibria: the first, all of them, the payoff-dominant one or the risk-dominant one.
 * @since 0.1.0
 */
export type EquilibriumSelection = 'first' | 'payoff-dominant' | 'risk-dominant' | 'all'

/**
 * Which of several pure equilibria to play, with payoffs read through a function (for games too large to
 * tabulate). `first`: the first; `all`: all; `payoff-dominant`: the one with the largest sum of payoffs, which
 * no other equilibrium Pareto-dominates (a dominating one would have a larger sum); `risk-dominant`: the one
 * with the largest product over players of the loss from the player's best feasible unilateral deviation,
 * u_i(e) − max over feasible o ≠ e_i of u_i(o, e_−i) (players with a single feasible option are left out), which
 * is the Harsanyi–Selten criterion in 2×2 games. Equilibria tied for the best score are all selected (to be
 * played equally likely), so the result does not depend on declaration order.
 * @param payoff - writes every player's payoff at `profile` into `out`
 * @param options - number of options of each player
 * @param feasible - feasible[player][option]; absent: all feasible
 * @param equilibria - the pure equilibria to choose among
 * @param rule - the selection rule
 * @returns indices into `equilibria`: those with the best score (several when tied), all of them for `all`, the first for `first`; none when there are none
 * @since 0.1.0
 */
export const selectEquilibriaBy = (
  payoff: (profile: Int32Array, out: Float64Array) => void,
  options: ReadonlyArray<number>,
  feasible: ReadonlyArray<ReadonlyArray<boolean>> | undefined,
  equilibria: ReadonlyArray<Int32Array>,
  rule: EquilibriumSelection,
): number[] => {
  const count = equilibria.length
  if (count === 0) return []
  if (rule === 'all') return equilibria.map((_, k) => k)
  if (rule === 'first') return [0]
  const players = options.length
  const lists = feasibleOptions(options, feasible)
  const at = new Float64Array(players)
  const deviation = new Float64Array(players)
  const profile = new Int32Array(players)
  // Every equilibrium with the best score is kept: a tie is played as `all` plays (each equally likely),
  // so the choice never depends on the order in which actors or options are declared.
  let chosen: number[] = []
  let bestScore = Number.NEGATIVE_INFINITY
  for (let k = 0; k < count; k++) {
    profile.set(equilibria[k]!)
    payoff(profile, at)
    let score: number
    if (rule === 'payoff-dominant') {
      score = 0
      for (let i = 0; i < players; i++) score += at[i]!
    } else {
      score = 1
      for (let i = 0; i < players; i++) {
        const own = profile[i]!
        let bestDeviation = Number.NEGATIVE_INFINITY
        for (const option of lists[i]!) {
          if (option === own) continue
          profile[i] = option
          payoff(profile, deviation)
          bestDeviation = Math.max(bestDeviation, deviation[i]!)
        }
        profile[i] = own
        if (bestDeviation !== Number.NEGATIVE_INFINITY) score *= at[i]! - bestDeviation
      }
    }
    if (Number.isNaN(score)) continue
    if (score > bestScore) {
      bestScore = score
      chosen = [k]
    } else if (score === bestScore) chosen.push(k)
  }
  // With no comparable score (every one NaN), nothing is preferred: all are played.
  return chosen.length === 0 ? equilibria.map((_, k) => k) : chosen
}

/**
 * Which of a game's pure equilibria to play: see {@link selectEquilibriaBy} for the rules.
 * @param game - the game
 * @param equilibria - profile codes of pure equilibria, e.g. from pureEquilibria
 * @param rule - `first`, `payoff-dominant`, `risk-dominant` or `all`
 * @returns the selected codes: the best-scoring ones (several when tied), all of them for `all`; none when there are none
 * @example
 * import { gameFromFunction, pureEquilibria, selectEquilibria } from 'statecraft'
 * // Stag hunt: option 0 hunts the stag (4 if both do, else 0), option 1 the hare (3 whatever the other does).
 * const hunt = gameFromFunction([2, 2], (p, i) => (p[i] === 1 ? 3 : p[1 - i] === 0 ? 4 : 0))
 * const equilibria = pureEquilibria(hunt) // [0, 3]: both stag, both hare
 * selectEquilibria(hunt, equilibria, 'payoff-dominant') // => [0]
 * selectEquilibria(hunt, equilibria, 'risk-dominant') // => [3]
 * @since 0.1.0
 */
export const selectEquilibria = (
  game: NormalFormGame,
  equilibria: ReadonlyArray<number>,
  rule: EquilibriumSelection,
): number[] => {
  const { players, options, payoffs } = game
  const payoff = (profile: Int32Array, out: Float64Array): void => {
    const code = encodeProfile(options, profile)
    for (let i = 0; i < players; i++) out[i] = payoffs[code * players + i]!
  }
  const profiles = equilibria.map((code) => decodeProfile(options, code))
  return selectEquilibriaBy(payoff, options, game.feasible, profiles, rule).map((k) => equilibria[k]!)
}
