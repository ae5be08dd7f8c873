import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lemkeHowson } from '../../../src/engine/games/lemkeHowson'
import { gameFromFunction } from '../../../src/engine/games/normalFormGame'
import { supportEnumeration } from '../../../src/engine/games/supportEnumeration'
import {
  asArrays,
  battleOfTheSexes,
  bimatrix,
  chicken,
  distance,
  genericBimatrices,
  largestGain,
  matchingPennies,
  prisonersDilemma,
} from './textbookGames'

describe('lemkeHowson', () => {
  it("finds mutual defection in the prisoner's dilemma from every label", () => {
    for (let label = 0; label < 4; label++)
      expect(asArrays(lemkeHowson(prisonersDilemma, label))).toEqual([
        [0, 1],
        [0, 1],
      ])
  })

  it('finds one of the three equilibria of the battle of the sexes', () => {
    const all = supportEnumeration(battleOfTheSexes)
    for (let label = 0; label < 4; label++) {
      const found = lemkeHowson(battleOfTheSexes, label)
      expect(all.some((profile) => distance(profile, found) <= 1e-12)).toBe(true)
    }
    expect(asArrays(lemkeHowson(battleOfTheSexes))).toEqual([
      [1, 0],
      [1, 0],
    ])
  })

  it('finds the mixed equilibrium of matching pennies', () => {
    const found = lemkeHowson(matchingPennies)
    expect(distance(found, [Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)])).toBeLessThan(1e-12)
  })

  it('is deterministic and reaches a pure outcome of chicken', () => {
    expect(asArrays(lemkeHowson(chicken))).toEqual([
      [1, 0],
      [0, 1],
    ])
    expect(asArrays(lemkeHowson(chicken))).toEqual(asArrays(lemkeHowson(chicken)))
  })

  it('terminates on degenerate games with an equilibrium', () => {
    const games = [
      bimatrix(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [1, 1],
          [1, 1],
        ],
      ),
      bimatrix(
        [
          [3, 3],
          [2, 5],
          [0, 6],
        ],
        [
          [3, 3],
          [2, 6],
          [3, 1],
        ],
      ),
      gameFromFunction([3, 3], (p) => (p[0] === p[1] ? 1 : 0)),
    ]
    for (const game of games)
      for (let label = 0; label < game.options[0]! + game.options[1]!; label++)
        expect(largestGain(game, lemkeHowson(game, label))).toBeLessThanOrEqual(1e-9)
  })

  it('drops infeasible options, moving an infeasible first label to the next feasible one', () => {
    const game = bimatrix(
      [
        [3, 0],
        [5, 1],
      ],
      [
        [3, 5],
        [0, 1],
      ],
      [
        [true, true],
        [true, false],
      ],
    )
    expect(asArrays(lemkeHowson(game))).toEqual([
      [0, 1],
      [1, 0],
    ])
    expect(asArrays(lemkeHowson(game, 3))).toEqual([
      [0, 1],
      [1, 0],
    ])
  })

  it('refuses games without two players or without feasible options', () => {
    expect(() => lemkeHowson(gameFromFunction([2], () => 0))).toThrow(RangeError)
    expect(() => lemkeHowson(bimatrix([[1, 2]], [[1, 2]], [[false], [true, true]]))).toThrow(RangeError)
  })

  it('finds one of the support-enumeration equilibria of generic games, from every label', () => {
    fc.assert(
      fc.property(genericBimatrices, (game) => {
        const all = supportEnumeration(game)
        for (let label = 0; label < game.options[0]! + game.options[1]!; label++) {
          const found = lemkeHowson(game, label)
          expect(all.some((profile) => distance(profile, found) <= 1e-9)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })
})
