import { computeMixedPayoffs, createMixedPayoffs } from './internal/mixedPayoffs'
import type { MixedProfile, NormalFormGame } from './normalFormGame'

/**
 * Each option's expected payoff to its player when the other players mix as in `profile`: a sum over the
 * game's feasible profiles, so the probabilities `profile` gives infeasible options are ignored.
 * @param game - the game
 * @param profile - one probability vector per player
 * @returns expected[player][option]; NaN for infeasible options
 * @since 0.1.0
 */
export const expectedPayoffs = (game: NormalFormGame, profile: MixedProfile): Float64Array[] => {
  const buffers = createMixedPayoffs(game, false)
  const { offsets, sigma, expected } = buffers
  for (let i = 0; i < game.players; i++) sigma.set(profile[i]!.subarray(0, game.options[i]!), offsets[i]!)
  computeMixedPayoffs(buffers, false)
  return game.options.map((_, i) => expected.slice(offsets[i]!, offsets[i + 1]!))
}
