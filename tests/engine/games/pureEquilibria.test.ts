import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { iteratedStrictDominance } from '../../../src/engine/games/iteratedStrictDominance'
import {
  decodeProfile,
  encodeProfile,
  gameFromFunction,
  type NormalFormGame,
  profileCount,
} from '../../../src/engine/games/normalFormGame'
import { pureEquilibria } from '../../../src/engine/games/pureEquilibria'
import {
  battleOfTheSexes,
  bimatrix,
  bruteForcePureEquilibria,
  chicken,
  gameArbitrary,
  matchingPennies,
  prisonersDilemma,
  stagHunt,
} from './textbookGames'

const tiedPayoffGames = gameArbitrary({
  minPlayers: 1,
  maxPlayers: 4,
  maxOptions: 3,
  payoff: fc.integer({ min: -3, max: 3 }),
  masks: true,
})

describe('iteratedStrictDominance', () => {
  it("leaves only defection in the prisoner's dilemma", () => {
    expect(iteratedStrictDominance(prisonersDilemma)).toEqual([
      [false, true],
      [false, true],
    ])
  })

  it('iterates: an option dominated only once another is gone is removed', () => {
    // Column 2 is dominated by column 1; then row 1 is dominated by row 0; then column 0 by column 1.
    const game = bimatrix(
      [
        [1, 1, 0],
        [0, 0, 2],
      ],
      [
        [0, 2, 1],
        [3, 1, 0],
      ],
    )
    expect(iteratedStrictDominance(game)).toEqual([
      [true, false],
      [false, true, false],
    ])
    expect(pureEquilibria(game)).toEqual([1])
  })

  it('keeps every option of games without dominance', () => {
    for (const game of [battleOfTheSexes, matchingPennies, stagHunt, chicken])
      expect(iteratedStrictDominance(game)).toEqual([
        [true, true],
        [true, true],
      ])
  })

  it('compares only against feasible options and profiles', () => {
    const feasible = [
      [true, false],
      [true, true],
    ]
    const game = bimatrix(
      [
        [3, 0],
        [5, 1],
      ],
      [
        [3, 5],
        [0, 1],
      ],
      feasible,
    )
    // Defection is infeasible for the row player, so it dominates nothing and never survives.
    expect(iteratedStrictDominance(game)).toEqual([
      [true, false],
      [false, true],
    ])
  })

  it('never removes a pure equilibrium', () => {
    fc.assert(
      fc.property(tiedPayoffGames, (game) => {
        const surviving = iteratedStrictDominance(game)
        for (const code of bruteForcePureEquilibria(game)) {
          const profile = decodeProfile(game.options, code)
          profile.forEach((o, i) => {
            expect(surviving[i]![o]).toBe(true)
          })
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('pureEquilibria', () => {
  it('finds mutual defection in the prisoner’s dilemma', () => {
    expect(pureEquilibria(prisonersDilemma)).toEqual([3])
  })

  it('finds both meetings in the battle of the sexes and nothing in matching pennies', () => {
    expect(pureEquilibria(battleOfTheSexes)).toEqual([0, 3])
    expect(pureEquilibria(matchingPennies)).toEqual([])
  })

  it('finds both hunts in the stag hunt and the two asymmetric outcomes of chicken', () => {
    expect(pureEquilibria(stagHunt)).toEqual([0, 3])
    expect(pureEquilibria(chicken)).toEqual([1, 2])
  })

  it('counts weak equilibria: a tie with the best deviation is not profitable', () => {
    const game = bimatrix(
      [
        [1, 1],
        [1, 1],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    )
    expect(pureEquilibria(game)).toEqual([0, 1, 2, 3])
  })

  it('ignores infeasible deviations and infeasible profiles', () => {
    const pd = (feasible: boolean[][]) =>
      bimatrix(
        [
          [3, 0],
          [5, 1],
        ],
        [
          [3, 5],
          [0, 1],
        ],
        feasible,
      )
    expect(
      pureEquilibria(
        pd([
          [true, false],
          [true, false],
        ]),
      ),
    ).toEqual([0])
    expect(
      pureEquilibria(
        pd([
          [true, false],
          [true, true],
        ]),
      ),
    ).toEqual([1])
  })

  it('solves a three-player game', () => {
    // Each player earns 1 for matching player (i + 1) mod 3 and 2 for being the only one on option 1.
    const game = gameFromFunction([2, 2, 2], (p, i) => {
      const ones = p.filter((o) => o === 1).length
      return (p[i] === p[(i + 1) % 3] ? 1 : 0) + (p[i] === 1 && ones === 1 ? 2 : 0)
    })
    expect(pureEquilibria(game)).toEqual(bruteForcePureEquilibria(game))
    expect(pureEquilibria(game).length).toBeGreaterThan(0)
  })

  it('reports exactly the brute-force equilibria, with or without pruning', () => {
    fc.assert(
      fc.property(tiedPayoffGames, (game) => {
        const expected = bruteForcePureEquilibria(game)
        expect(pureEquilibria(game)).toEqual(expected)
        expect(pureEquilibria(game, { prune: false })).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('permutes its result when players and options are relabelled', () => {
    const relabelled = tiedPayoffGames.chain((game) =>
      fc.record({
        game: fc.constant(game),
        order: fc.shuffledSubarray(
          game.options.map((_, i) => i),
          { minLength: game.players, maxLength: game.players },
        ),
        names: fc.tuple(
          ...game.options.map((n) =>
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, o) => o),
              { minLength: n, maxLength: n },
            ),
          ),
        ),
      }),
    )
    fc.assert(
      fc.property(relabelled, ({ game, order, names }) => {
        // Player k of the new game is player order[k] of the old one; its option o is old option names[..][o].
        const permuted = relabel(game, order, names)
        const back = (code: number): string => {
          const profile = decodeProfile(permuted.options, code)
          const old = new Int32Array(game.players)
          order.forEach((i, k) => {
            old[i] = names[i]![profile[k]!]!
          })
          return Array.from(old).join(',')
        }
        const expected = pureEquilibria(game).map((code) =>
          Array.from(decodeProfile(game.options, code)).join(','),
        )
        expect(pureEquilibria(permuted).map(back).sort()).toEqual(expected.sort())
      }),
      { numRuns: 200 },
    )
  })
})

const relabel = (
  game: NormalFormGame,
  order: ReadonlyArray<number>,
  names: ReadonlyArray<ReadonlyArray<number>>,
): NormalFormGame => {
  const options = order.map((i) => game.options[i]!)
  const payoffs = new Float64Array(game.payoffs.length)
  const old = new Int32Array(game.players)
  for (let code = 0; code < profileCount(options); code++) {
    const profile = decodeProfile(options, code)
    order.forEach((i, k) => {
      old[i] = names[i]![profile[k]!]!
    })
    const source = encodeProfile(game.options, old)
    order.forEach((i, k) => {
      payoffs[code * game.players + k] = game.payoffs[source * game.players + i]!
    })
  }
  const mask = game.feasible
  if (mask === undefined) return { players: game.players, options, payoffs }
  const feasible = order.map((i) => names[i]!.map((o) => mask[i]![o]!))
  return { players: game.players, options, payoffs, feasible }
}
