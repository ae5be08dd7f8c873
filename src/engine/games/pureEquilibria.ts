import { feasibleOptions } from './internal/feasibleOptions'
import { nextProfile } from './internal/nextProfile'
import { profileStrides } from './internal/profileStrides'
import { iteratedStrictDominance } from './iteratedStrictDominance'
import type { NormalFormGame } from './normalFormGame'

/**
 * Options of {@link pureEquilibria}.
 * @since 0.1.0
 */
export interface PureEquilibriaOptions {
  /**
   * Whether to discard strictly dominated options first ({@link iteratedStrictDominance}); the result is the same
   * either way, only faster when options are dominated.
   * @defaultValue true
   */
  readonly prune?: boolean
}

/**
 * All pure Nash equilibria: the feasible profiles where no player has a feasible option paying strictly more
 * given the others' options. Exact: comparisons are exact and every feasible profile is considered (pruning only
 * skips profiles that play a strictly dominated option, which cannot be equilibria).
 * @param game - the game
 * @param options - `prune` (default true)
 * @returns the equilibria as profile codes, increasing
 * @example
 * import { gameFromFunction, pureEquilibria } from 'statecraft'
 * // Battle of the sexes: both prefer to meet, at the opera (0) or the football (1).
 * const bos = gameFromFunction([2, 2], (p, i) => (p[0] !== p[1] ? 0 : p[0] === i ? 2 : 1))
 * pureEquilibria(bos) // => [0, 3]
 * @since 0.1.0
 */
export const pureEquilibria = (game: NormalFormGame, options?: PureEquilibriaOptions): number[] => {
  const { players, payoffs } = game
  const deviations = feasibleOptions(game.options, game.feasible)
  const candidates =
    options?.prune === false ? deviations : feasibleOptions(game.options, iteratedStrictDominance(game))
  const found: number[] = []
  if (players === 0 || candidates.some((list) => list.length === 0)) return found
  const strides = profileStrides(game.options)
  const index = new Int32Array(players)
  let code = 0
  for (let i = 0; i < players; i++) code += candidates[i]![0]! * strides[i]!
  for (;;) {
    let equilibrium = true
    for (let i = 0; i < players && equilibrium; i++) {
      const stride = strides[i]!
      const own = candidates[i]![index[i]!]!
      const base = code - own * stride
      const current = payoffs[code * players + i]!
      const list = deviations[i]!
      for (let k = 0; k < list.length; k++) {
        if (payoffs[(base + list[k]! * stride) * players + i]! > current) {
          equilibrium = false
          break
        }
      }
    }
    if (equilibrium) found.push(code)
    code = nextProfile(candidates, index, strides, code)
    if (code < 0) return found
  }
}
