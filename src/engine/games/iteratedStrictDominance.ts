import { feasibleOptions } from './internal/feasibleOptions'
import { nextProfile } from './internal/nextProfile'
import { profileStrides } from './internal/profileStrides'
import type { NormalFormGame } from './normalFormGame'

/**
 * Iterated elimination of options strictly dominated by another pure option. An option is removed when some
 * surviving option of the same player pays strictly more against every surviving profile of the others; this
 * repeats until nothing changes. The survivors do not depend on the order of elimination, and no Nash
 * equilibrium (pure or mixed) plays a removed option. Comparisons are exact.
 * @param game - the game
 * @returns surviving[player][option]; infeasible options never survive
 * @since 0.1.0
 */
export const iteratedStrictDominance = (game: NormalFormGame): ReadonlyArray<ReadonlyArray<boolean>> => {
  const { players, options, payoffs } = game
  const lists = feasibleOptions(options, game.feasible)
  const surviving = options.map((n, i) => {
    const row = new Array<boolean>(n).fill(false)
    for (const o of lists[i]!) row[o] = true
    return row
  })
  if (lists.some((list) => list.length === 0)) return surviving
  const strides = profileStrides(options)
  const alive = lists.map((list) => Array.from(list))
  let others = new Float64Array(64)
  const index = new Int32Array(players)
  let changed = true
  while (changed) {
    changed = false
    for (let i = 0; i < players; i++) {
      const mine = alive[i]!
      if (mine.length < 2) continue
      // Base codes of the others' surviving profiles, with player i at option 0.
      let count = 0
      index.fill(0)
      let code = 0
      for (let j = 0; j < players; j++) if (j !== i) code += alive[j]![0]! * strides[j]!
      for (;;) {
        if (count === others.length) {
          const grown = new Float64Array(count * 2)
          grown.set(others)
          others = grown
        }
        others[count++] = code
        code = nextProfile(alive, index, strides, code, i)
        if (code < 0) break
      }
      const stride = strides[i]!
      for (let a = mine.length - 1; a >= 0; a--) {
        const dominated = mine[a]!
        for (const dominant of mine) {
          if (dominant === dominated) continue
          let strictly = true
          for (let k = 0; k < count && strictly; k++) {
            const base = others[k]!
            strictly =
              payoffs[(base + dominant * stride) * players + i]! >
              payoffs[(base + dominated * stride) * players + i]!
          }
          if (strictly) {
            mine.splice(a, 1)
            surviving[i]![dominated] = false
            changed = true
            break
          }
        }
      }
    }
  }
  return surviving
}
