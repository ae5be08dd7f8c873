import { describe, expect, it } from 'vitest'
import { decodeProfile, encodeProfile, gameFromFunction } from '../../../src/engine/games/normalFormGame'
import { pureEquilibria } from '../../../src/engine/games/pureEquilibria'
import { selectEquilibria, selectEquilibriaBy } from '../../../src/engine/games/selectEquilibria'
import { battleOfTheSexes, bimatrix, chicken, stagHunt } from './textbookGames'

describe('selectEquilibria', () => {
  it('picks the stag as payoff-dominant and the hare as risk-dominant in the stag hunt', () => {
    const equilibria = pureEquilibria(stagHunt)
    expect(equilibria).toEqual([0, 3])
    expect(selectEquilibria(stagHunt, equilibria, 'payoff-dominant')).toEqual([0])
    expect(selectEquilibria(stagHunt, equilibria, 'risk-dominant')).toEqual([3])
    expect(selectEquilibria(stagHunt, equilibria, 'first')).toEqual([0])
    expect(selectEquilibria(stagHunt, equilibria, 'all')).toEqual([0, 3])
  })

  it('selects every tied equilibrium under payoff and risk dominance, whatever their order; first takes the first', () => {
    // Symmetric coordination: both equilibria tie on every criterion.
    const equilibria = pureEquilibria(battleOfTheSexes)
    expect(selectEquilibria(battleOfTheSexes, equilibria, 'first')).toEqual([0])
    expect(selectEquilibria(battleOfTheSexes, [...equilibria].reverse(), 'first')).toEqual([3])
    for (const rule of ['payoff-dominant', 'risk-dominant'] as const) {
      expect(selectEquilibria(battleOfTheSexes, equilibria, rule)).toEqual([0, 3])
      expect(
        [...selectEquilibria(battleOfTheSexes, [...equilibria].reverse(), rule)].sort((x, y) => x - y),
      ).toEqual([0, 3])
    }
    expect(pureEquilibria(chicken)).toEqual([1, 2])
    expect([...selectEquilibria(chicken, [2, 1], 'risk-dominant')].sort()).toEqual([1, 2])
  })

  it('follows Harsanyi and Selten in 2×2 coordination games, where the products of deviation losses decide', () => {
    // (A, A) pays (9, 9) but a deviation loses only 1 each; (B, B) pays (7, 7) and a deviation loses 7 each.
    const game = bimatrix(
      [
        [9, 0],
        [8, 7],
      ],
      [
        [9, 8],
        [0, 7],
      ],
    )
    expect(selectEquilibria(game, pureEquilibria(game), 'payoff-dominant')).toEqual([0])
    expect(selectEquilibria(game, pureEquilibria(game), 'risk-dominant')).toEqual([3])
  })

  it('uses the best feasible deviation and skips players without a choice', () => {
    // Three players; player 2 has a single option. Player 0's option 2 is infeasible and would be the best deviation.
    const game = gameFromFunction(
      [3, 2, 1],
      (p, i) => {
        if (i === 2) return 0
        const same = p[0] === p[1] ? 1 : 0
        return (p[i] === 0 ? 2 : 1) * same * 3 + (p[0] === 2 ? 100 : 0)
      },
      [[true, true, false], [true, true], [true]],
    )
    const equilibria = pureEquilibria(game)
    expect(equilibria).toEqual([
      encodeProfile(game.options, [0, 0, 0]),
      encodeProfile(game.options, [1, 1, 0]),
    ])
    // Losses: at (0, 0) each loses 6 (6 vs 0), at (1, 1) each loses 3: the product of players 0 and 1 decides.
    expect(selectEquilibria(game, equilibria, 'risk-dominant')).toEqual([equilibria[0]])
    expect(selectEquilibria(game, [...equilibria].reverse(), 'risk-dominant')).toEqual([equilibria[0]])
  })

  it('returns nothing for no equilibria', () => {
    for (const rule of ['first', 'payoff-dominant', 'risk-dominant', 'all'] as const)
      expect(selectEquilibria(stagHunt, [], rule)).toEqual([])
  })

  it('agrees with the payoff-function variant, which returns indices', () => {
    const payoff = (profile: Int32Array, out: Float64Array) => {
      const code = encodeProfile(stagHunt.options, profile)
      out[0] = stagHunt.payoffs[code * 2]!
      out[1] = stagHunt.payoffs[code * 2 + 1]!
    }
    const profiles = [3, 0].map((code) => decodeProfile(stagHunt.options, code))
    expect(selectEquilibriaBy(payoff, stagHunt.options, undefined, profiles, 'payoff-dominant')).toEqual([1])
    expect(selectEquilibriaBy(payoff, stagHunt.options, undefined, profiles, 'risk-dominant')).toEqual([0])
    expect(selectEquilibriaBy(payoff, stagHunt.options, undefined, profiles, 'all')).toEqual([0, 1])
    expect(selectEquilibria(stagHunt, [3, 0], 'payoff-dominant')).toEqual([0])
  })
})
