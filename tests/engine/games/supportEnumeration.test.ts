import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gameFromFunction } from '../../../src/engine/games/normalFormGame'
import { supportEnumeration } from '../../../src/engine/games/supportEnumeration'
import {
  asArrays,
  asymmetricPennies,
  battleOfTheSexes,
  bimatrix,
  chicken,
  genericBimatrices,
  largestGain,
  matchingPennies,
  prisonersDilemma,
  stagHunt,
} from './textbookGames'

const expectProfiles = (actual: ReadonlyArray<ReadonlyArray<Float64Array>>, expected: number[][][]) => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((profile, k) => {
    profile.forEach((mix, i) => {
      mix.forEach((p, o) => {
        expect(p).toBeCloseTo(expected[k]![i]![o]!, 12)
      })
    })
  })
}

describe('supportEnumeration', () => {
  it("finds only mutual defection in the prisoner's dilemma", () => {
    expect(supportEnumeration(prisonersDilemma).map(asArrays)).toEqual([
      [
        [0, 1],
        [0, 1],
      ],
    ])
  })

  it('finds the two meetings and the mixed equilibrium of the battle of the sexes', () => {
    expectProfiles(supportEnumeration(battleOfTheSexes), [
      [
        [1, 0],
        [1, 0],
      ],
      [
        [0, 1],
        [0, 1],
      ],
      [
        [2 / 3, 1 / 3],
        [1 / 3, 2 / 3],
      ],
    ])
  })

  it('finds only the uniform mixture in matching pennies', () => {
    expectProfiles(supportEnumeration(matchingPennies), [
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
    ])
  })

  it("finds Goeree and Holt's asymmetric matching pennies equilibrium", () => {
    // Row indifference: 320q + 40(1 - q) = 40q + 80(1 - q), so q = 1/8; column: 40p + 80(1 - p) = 80p + 40(1 - p), p = 1/2.
    expectProfiles(supportEnumeration(asymmetricPennies(1)), [
      [
        [1 / 2, 1 / 2],
        [1 / 8, 7 / 8],
      ],
    ])
  })

  it('finds both hunts and the mixed equilibrium of the stag hunt', () => {
    // Stag is a best response when 4q >= 3, so both mix stag with probability 3/4.
    expectProfiles(supportEnumeration(stagHunt), [
      [
        [1, 0],
        [1, 0],
      ],
      [
        [0, 1],
        [0, 1],
      ],
      [
        [3 / 4, 1 / 4],
        [3 / 4, 1 / 4],
      ],
    ])
  })

  it('finds the two asymmetric outcomes of chicken and the mixture going straight with probability 1/10', () => {
    expectProfiles(supportEnumeration(chicken), [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 0],
      ],
      [
        [0.9, 0.1],
        [0.9, 0.1],
      ],
    ])
  })

  it('solves larger supports: rock, paper, scissors', () => {
    const rps = gameFromFunction([3, 3], (p, i) => {
      const beats = (a: number, b: number) => (a - b + 3) % 3 === 1
      const own = p[i]!
      const other = p[1 - i]!
      return beats(own, other) ? 1 : beats(other, own) ? -1 : 0
    })
    expectProfiles(supportEnumeration(rps), [
      [
        [1 / 3, 1 / 3, 1 / 3],
        [1 / 3, 1 / 3, 1 / 3],
      ],
    ])
  })

  it('gives infeasible options probability 0 and ignores them as deviations', () => {
    const game = bimatrix(
      [
        [2, 0, 9],
        [0, 1, 9],
      ],
      [
        [1, 0, 9],
        [0, 2, 9],
      ],
      [
        [true, true],
        [true, true, false],
      ],
    )
    expectProfiles(supportEnumeration(game), [
      [
        [1, 0],
        [1, 0, 0],
      ],
      [
        [0, 1],
        [0, 1, 0],
      ],
      [
        [2 / 3, 1 / 3],
        [1 / 3, 2 / 3, 0],
      ],
    ])
  })

  it('refuses games without two players', () => {
    expect(() => supportEnumeration(gameFromFunction([2, 2, 2], () => 0))).toThrow(RangeError)
  })

  it('reports only equilibria, an odd number of them, in generic games', () => {
    fc.assert(
      fc.property(genericBimatrices, (game) => {
        const equilibria = supportEnumeration(game)
        expect(equilibria.length % 2).toBe(1)
        for (const profile of equilibria) {
          expect(largestGain(game, profile)).toBeLessThanOrEqual(1e-9)
          profile.forEach((mix) => {
            expect(mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
            mix.forEach((p) => {
              expect(p).toBeGreaterThanOrEqual(0)
            })
          })
        }
      }),
      { numRuns: 200 },
    )
  })
})
