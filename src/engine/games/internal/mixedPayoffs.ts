import type { NormalFormGame } from '../normalFormGame'
import { feasibleOptions } from './feasibleOptions'
import { profileStrides } from './profileStrides'

/**
 * Buffers for the expected payoffs of a mixed profile, reused across evaluations. Options are numbered
 * globally: player i's option o is `offsets[i] + o`.
 * @since 0.1.0
 * @internal
 */
export interface MixedPayoffs {
  readonly game: NormalFormGame
  readonly players: number
  readonly total: number
  readonly offsets: Int32Array
  readonly lists: ReadonlyArray<Int32Array>
  readonly strides: Float64Array
  /** Input: the probability of each option (infeasible ones are ignored). */
  readonly sigma: Float64Array
  /** Output: each option's expected payoff to its player against the others' mixtures; NaN if infeasible. */
  readonly expected: Float64Array
  /**
   * Output when asked: pairs[g * total + h], for options g of player i and h of player j ≠ i, is i's expected
   * payoff when i plays g and j plays h, the others mixing: the derivative of expected[g] in sigma[h].
   */
  readonly pairs: Float64Array
  readonly index: Int32Array
  readonly choice: Int32Array
  readonly prefix: Float64Array
  readonly suffix: Float64Array
}

/**
 * Allocates the buffers for a game.
 * @param game - the game
 * @param withPairs - whether {@link computeMixedPayoffs} may be asked for pairs
 * @returns the buffers
 * @since 0.1.0
 * @internal
 */
export const createMixedPayoffs = (game: NormalFormGame, withPairs: boolean): MixedPayoffs => {
  const players = game.players
  const offsets = new Int32Array(players + 1)
  for (let i = 0; i < players; i++) offsets[i + 1] = offsets[i]! + game.options[i]!
  const total = offsets[players]!
  return {
    game,
    players,
    total,
    offsets,
    lists: feasibleOptions(game.options, game.feasible),
    strides: profileStrides(game.options),
    sigma: new Float64Array(total),
    expected: new Float64Array(total),
    pairs: new Float64Array(withPairs ? total * total : 0),
    index: new Int32Array(players),
    choice: new Int32Array(players),
    prefix: new Float64Array(players + 1),
    suffix: new Float64Array(players + 1),
  }
}

/**
 * Computes `expected` (and `pairs` when asked) from `sigma` by summing over the feasible profiles; profiles whose
 * weight is zero for every output are skipped. Cost: profiles × players (× players with pairs).
 * @param buffers - from {@link createMixedPayoffs}
 * @param withPairs - whether to compute pairs too
 * @since 0.1.0
 * @internal
 */
export const computeMixedPayoffs = (buffers: MixedPayoffs, withPairs: boolean): void => {
  const {
    game,
    players,
    total,
    offsets,
    lists,
    strides,
    sigma,
    expected,
    pairs,
    index,
    choice,
    prefix,
    suffix,
  } = buffers
  const { payoffs } = game
  expected.fill(0)
  if (withPairs) pairs.fill(0)
  if (lists.some((list) => list.length === 0)) {
    expected.fill(Number.NaN)
    return
  }
  let code = 0
  for (let i = 0; i < players; i++) {
    index[i] = 0
    choice[i] = offsets[i]! + lists[i]![0]!
    code += lists[i]![0]! * strides[i]!
  }
  const zerosAllowed = withPairs ? 2 : 1
  prefix[0] = 1
  suffix[players] = 1
  for (;;) {
    let zeros = 0
    for (let k = 0; k < players; k++) {
      const p = sigma[choice[k]!]!
      if (p === 0) zeros++
      prefix[k + 1] = prefix[k]! * p
    }
    if (zeros <= zerosAllowed) {
      for (let k = players - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! * sigma[choice[k]!]!
      const row = code * players
      for (let i = 0; i < players; i++) {
        const weight = prefix[i]! * suffix[i + 1]!
        if (weight !== 0) expected[choice[i]!] = expected[choice[i]!]! + payoffs[row + i]! * weight
      }
      if (withPairs)
        for (let i = 0; i < players; i++) {
          const gi = choice[i]!
          const ui = payoffs[row + i]!
          let middle = 1
          for (let j = i + 1; j < players; j++) {
            const gj = choice[j]!
            const weight = prefix[i]! * middle * suffix[j + 1]!
            if (weight !== 0) {
              pairs[gi * total + gj] = pairs[gi * total + gj]! + ui * weight
              pairs[gj * total + gi] = pairs[gj * total + gi]! + payoffs[row + j]! * weight
            }
            middle *= sigma[gj]!
          }
        }
    }
    let j = players - 1
    for (; j >= 0; j--) {
      const list = lists[j]!
      const next = index[j]! + 1
      if (next < list.length) {
        code += (list[next]! - list[index[j]!]!) * strides[j]!
        index[j] = next
        choice[j] = offsets[j]! + list[next]!
        break
      }
      code -= (list[index[j]!]! - list[0]!) * strides[j]!
      index[j] = 0
      choice[j] = offsets[j]! + list[0]!
    }
    if (j < 0) break
  }
  for (let i = 0; i < players; i++) {
    const n = offsets[i + 1]! - offsets[i]!
    const list = lists[i]!
    let k = 0
    for (let o = 0; o < n; o++) {
      if (list[k] === o) k++
      else expected[offsets[i]! + o] = Number.NaN
    }
  }
}
