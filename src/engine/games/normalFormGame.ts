// model

/**
 * A finite game in normal form with payoffs for every profile.
 * @since 0.1.0
 */
export interface NormalFormGame {
  readonly players: number
  /** Number of options of each player. */
  readonly options: ReadonlyArray<number>
  /** payoffs[profile * players + player]; profile is the mixed-radix code of the players' options, player 0 most significant. */
  readonly payoffs: Float64Array
  /** feasible[player][option]: infeasible options are never played and never considered as deviations. Absent: all feasible. */
  readonly feasible?: ReadonlyArray<ReadonlyArray<boolean>>
}

/**
 * A mixed profile: one probability vector per player.
 * @since 0.1.0
 */
export type MixedProfile = ReadonlyArray<Float64Array>

// profiles

/**
 * Counts the profiles of a game: the product of the players' option counts.
 * @param options - number of options of each player
 * @returns the number of profiles
 * @example
 * import { profileCount } from 'statecraft'
 * profileCount([2, 3, 2]) // => 12
 * @since 0.1.0
 */
export const profileCount = (options: ReadonlyArray<number>): number => {
  let count = 1
  for (const n of options) count *= n
  return count
}

/**
 * Encodes a pure profile as its mixed-radix code, player 0 most significant.
 * @param options - number of options of each player
 * @param choice - each player's option
 * @returns the profile code, in `[0, profileCount(options))`
 * @example
 * import { encodeProfile } from 'statecraft'
 * encodeProfile([2, 3], [1, 2]) // => 5
 * @since 0.1.0
 */
export const encodeProfile = (options: ReadonlyArray<number>, choice: ArrayLike<number>): number => {
  let code = 0
  for (let i = 0; i < options.length; i++) code = code * options[i]! + choice[i]!
  return code
}

/**
 * Decodes a profile code into each player's option.
 * @param options - number of options of each player
 * @param code - a profile code from {@link encodeProfile}
 * @param out - where to write the options (allocated when absent)
 * @returns `out`, holding each player's option
 * @example
 * import { decodeProfile } from 'statecraft'
 * Array.from(decodeProfile([2, 3], 5)) // => [1, 2]
 * @since 0.1.0
 */
export const decodeProfile = (
  options: ReadonlyArray<number>,
  code: number,
  out: Int32Array = new Int32Array(options.length),
): Int32Array => {
  let rest = code
  for (let i = options.length - 1; i >= 0; i--) {
    const n = options[i]!
    const option = rest % n
    out[i] = option
    rest = (rest - option) / n
  }
  return out
}

// constructors

/**
 * Tabulates a game from a payoff function. Profiles where some player plays an infeasible option are never
 * played, so the function is not called there and their payoffs are NaN.
 * @param options - number of options of each player
 * @param payoff - the payoff of `player` at `profile` (the array is reused between calls)
 * @param feasible - feasible[player][option]; absent: all feasible
 * @returns the game
 * @example
 * import { gameFromFunction } from 'statecraft'
 * // Prisoner's dilemma: option 0 cooperates, option 1 defects.
 * const table = [[3, 0], [5, 1]]
 * const game = gameFromFunction([2, 2], (p, i) => table[p[i]!]![p[1 - i]!]!)
 * Array.from(game.payoffs) // => [3, 3, 0, 5, 5, 0, 1, 1]
 * @since 0.1.0
 */
export const gameFromFunction = (
  options: ReadonlyArray<number>,
  payoff: (profile: Int32Array, player: number) => number,
  feasible?: ReadonlyArray<ReadonlyArray<boolean>>,
): NormalFormGame => {
  const players = options.length
  const count = profileCount(options)
  const payoffs = new Float64Array(count * players)
  const profile = new Int32Array(players)
  for (let code = 0; code < count; code++) {
    decodeProfile(options, code, profile)
    let playable = true
    if (feasible !== undefined)
      for (let i = 0; i < players && playable; i++) playable = feasible[i]?.[profile[i]!] !== false
    for (let i = 0; i < players; i++) payoffs[code * players + i] = playable ? payoff(profile, i) : Number.NaN
  }
  const shape = { players, options: [...options], payoffs }
  return feasible === undefined ? shape : { ...shape, feasible: feasible.map((row) => [...row]) }
}
