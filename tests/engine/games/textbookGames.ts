import fc from 'fast-check'
import {
  decodeProfile,
  encodeProfile,
  gameFromFunction,
  type MixedProfile,
  type NormalFormGame,
  profileCount,
} from '../../../src/engine/games/normalFormGame'

// Textbook games and brute-force references shared by the game-solver tests.

/** A two-player game from its row player's and column player's payoff matrices. */
export const bimatrix = (
  row: ReadonlyArray<ReadonlyArray<number>>,
  column: ReadonlyArray<ReadonlyArray<number>>,
  feasible?: ReadonlyArray<ReadonlyArray<boolean>>,
): NormalFormGame =>
  gameFromFunction([row.length, row[0]!.length], (p, i) => (i === 0 ? row : column)[p[0]!]![p[1]!]!, feasible)

/** Option 0 cooperates, option 1 defects (R = 3, S = 0, T = 5, P = 1). */
export const prisonersDilemma = bimatrix(
  [
    [3, 0],
    [5, 1],
  ],
  [
    [3, 5],
    [0, 1],
  ],
)

/** Option 0 is the opera, option 1 the football; the row player prefers the opera. */
export const battleOfTheSexes = bimatrix(
  [
    [2, 0],
    [0, 1],
  ],
  [
    [1, 0],
    [0, 2],
  ],
)

/** The row player wins when the coins match. */
export const matchingPennies = bimatrix(
  [
    [1, -1],
    [-1, 1],
  ],
  [
    [-1, 1],
    [1, -1],
  ],
)

/** Goeree and Holt's asymmetric matching pennies, payoffs scaled by `scale`. */
export const asymmetricPennies = (scale: number): NormalFormGame =>
  bimatrix(
    [
      [320 * scale, 40 * scale],
      [40 * scale, 80 * scale],
    ],
    [
      [40 * scale, 80 * scale],
      [80 * scale, 40 * scale],
    ],
  )

/** Option 0 hunts the stag, option 1 the hare. */
export const stagHunt = bimatrix(
  [
    [4, 0],
    [3, 3],
  ],
  [
    [4, 3],
    [0, 3],
  ],
)

/** Option 0 swerves, option 1 goes straight. */
export const chicken = bimatrix(
  [
    [0, -1],
    [1, -10],
  ],
  [
    [0, 1],
    [-1, -10],
  ],
)

/** Whether the option is feasible under the game's mask. */
export const isFeasible = (game: NormalFormGame, player: number, option: number): boolean =>
  game.feasible?.[player]?.[option] !== false

/** All pure equilibria by brute force over every profile and every deviation. */
export const bruteForcePureEquilibria = (game: NormalFormGame): number[] => {
  const { players, options, payoffs } = game
  const found: number[] = []
  for (let code = 0; code < profileCount(options); code++) {
    const profile = decodeProfile(options, code)
    if (!Array.from(profile).every((o, i) => isFeasible(game, i, o))) continue
    let equilibrium = true
    for (let i = 0; i < players; i++)
      for (let o = 0; o < options[i]!; o++) {
        if (!isFeasible(game, i, o)) continue
        const deviation = Int32Array.from(profile)
        deviation[i] = o
        if (payoffs[encodeProfile(options, deviation) * players + i]! > payoffs[code * players + i]!)
          equilibrium = false
      }
    if (equilibrium) found.push(code)
  }
  return found
}

/** Each option's expected payoff against the others' mixtures, by brute force (NaN for infeasible options). */
export const bruteForceExpected = (game: NormalFormGame, profile: MixedProfile): number[][] => {
  const { players, options, payoffs } = game
  const expected = options.map((n, i) =>
    Array.from({ length: n }, (_, o) => (isFeasible(game, i, o) ? 0 : Number.NaN)),
  )
  for (let code = 0; code < profileCount(options); code++) {
    const choice = decodeProfile(options, code)
    if (!Array.from(choice).every((o, i) => isFeasible(game, i, o))) continue
    for (let i = 0; i < players; i++) {
      let weight = 1
      for (let j = 0; j < players; j++) if (j !== i) weight *= profile[j]![choice[j]!]!
      expected[i]![choice[i]!]! += weight * payoffs[code * players + i]!
    }
  }
  return expected
}

/** The most any player gains by a feasible pure deviation from the mixed profile. */
export const largestGain = (game: NormalFormGame, profile: MixedProfile): number => {
  const expected = bruteForceExpected(game, profile)
  let gain = Number.NEGATIVE_INFINITY
  for (let i = 0; i < game.players; i++) {
    let value = 0
    expected[i]!.forEach((u, o) => {
      if (isFeasible(game, i, o)) value += profile[i]![o]! * u
    })
    expected[i]!.forEach((u, o) => {
      if (isFeasible(game, i, o)) gain = Math.max(gain, u - value)
    })
  }
  return gain
}

/** Plain arrays of a mixed profile, for readable comparisons. */
export const asArrays = (profile: MixedProfile): number[][] => profile.map((mix) => Array.from(mix))

/** The largest absolute difference between two mixed profiles of the same shape. */
export const distance = (a: MixedProfile, b: MixedProfile): number => {
  let largest = 0
  a.forEach((mix, i) => {
    mix.forEach((p, o) => {
      largest = Math.max(largest, Math.abs(p - b[i]![o]!))
    })
  })
  return largest
}

/** A feasibility mask for the option counts that keeps at least one option of each player. */
const maskArbitrary = (options: ReadonlyArray<number>): fc.Arbitrary<boolean[][]> =>
  fc.tuple(
    ...options.map((n) =>
      fc
        .tuple(fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.nat({ max: n - 1 }))
        .map(([row, keep]) => row.map((ok, o) => ok || o === keep)),
    ),
  )

/**
 * Random games: `players` players with 1..maxOptions options, payoffs from `payoff`, and (when `masks`) random
 * feasibility masks keeping at least one option each.
 */
export const gameArbitrary = (settings: {
  readonly minPlayers: number
  readonly maxPlayers: number
  readonly maxOptions: number
  readonly payoff: fc.Arbitrary<number>
  readonly masks: boolean
}): fc.Arbitrary<NormalFormGame> =>
  fc
    .integer({ min: settings.minPlayers, max: settings.maxPlayers })
    .chain((players) =>
      fc.array(fc.integer({ min: 1, max: settings.maxOptions }), { minLength: players, maxLength: players }),
    )
    .chain((options) => {
      const size = profileCount(options) * options.length
      return fc.record({
        options: fc.constant(options),
        payoffs: fc.array(settings.payoff, { minLength: size, maxLength: size }),
        feasible: settings.masks ? maskArbitrary(options) : fc.constant(undefined),
      })
    })
    .map(({ options, payoffs, feasible }) => {
      const game = { players: options.length, options, payoffs: Float64Array.from(payoffs) }
      return feasible === undefined ? game : { ...game, feasible }
    })

/** Payoffs drawn from a wide range without bias, so that games are generic (non-degenerate) almost surely. */
export const genericPayoff: fc.Arbitrary<number> = fc
  .noBias(fc.integer({ min: 0, max: 2 ** 30 }))
  .map((n) => n / 2 ** 28 - 2)

/** Random two-player games with generic payoffs, up to 4 × 4, with random feasibility masks. */
export const genericBimatrices: fc.Arbitrary<NormalFormGame> = gameArbitrary({
  minPlayers: 2,
  maxPlayers: 2,
  maxOptions: 4,
  payoff: genericPayoff,
  masks: true,
})
