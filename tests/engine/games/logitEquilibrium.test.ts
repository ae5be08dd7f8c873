import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectedPayoffs } from '../../../src/engine/games/expectedPayoffs'
import { logitEquilibrium } from '../../../src/engine/games/logitEquilibrium'
import {
  gameFromFunction,
  type MixedProfile,
  type NormalFormGame,
} from '../../../src/engine/games/normalFormGame'
import {
  asArrays,
  asymmetricPennies,
  battleOfTheSexes,
  bimatrix,
  bruteForceExpected,
  distance,
  gameArbitrary,
  genericPayoff,
  isFeasible,
  matchingPennies,
  prisonersDilemma,
  stagHunt,
} from './textbookGames'

const half = [Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)]

/** max |σ − logit(λ·EU(σ))| by brute force, with expected payoffs computed independently of the solver. */
const fixedPointResidual = (game: NormalFormGame, lambdas: ReadonlyArray<number>, profile: MixedProfile) => {
  const expected = bruteForceExpected(game, profile)
  let residual = 0
  for (let i = 0; i < game.players; i++) {
    const feasible = expected[i]!.map((_, o) => isFeasible(game, i, o))
    const best = Math.max(...expected[i]!.filter((_, o) => feasible[o]))
    const weights = expected[i]!.map((u, o) => (feasible[o] ? Math.exp(lambdas[i]! * (u - best)) : 0))
    const total = weights.reduce((a, b) => a + b, 0)
    weights.forEach((w, o) => {
      residual = Math.max(residual, Math.abs(w / total - profile[i]![o]!))
    })
  }
  return residual
}

describe('logitEquilibrium', () => {
  it("puts more than 0.99 on defection in the prisoner's dilemma at λ = 50", () => {
    const { profile, converged } = logitEquilibrium(prisonersDilemma, [50, 50])
    expect(converged).toBe(true)
    expect(profile[0]![1]).toBeGreaterThan(0.99)
    expect(profile[1]![1]).toBeGreaterThan(0.99)
  })

  it('is uniform in matching pennies at every λ, including 1e4 and ∞', () => {
    for (const lambda of [0.01, 1, 100, 1e4, Number.POSITIVE_INFINITY]) {
      const { profile, converged } = logitEquilibrium(matchingPennies, [lambda, lambda])
      expect(converged).toBe(true)
      expect(distance(profile, half)).toBeLessThan(1e-12)
    }
  })

  it("approaches Goeree and Holt's asymmetric matching pennies equilibrium as λ grows", () => {
    // Payoffs scaled to 1/100: ranges are 2.8 for the row player and 0.4 for the column player.
    const game = asymmetricPennies(0.01)
    const nash = [Float64Array.of(1 / 2, 1 / 2), Float64Array.of(1 / 8, 7 / 8)]
    const distances = [10, 100, 1000, 1e4].map((lambda) => {
      const { profile, converged } = logitEquilibrium(game, [lambda, lambda])
      expect(converged).toBe(true)
      expect(fixedPointResidual(game, [lambda, lambda], profile)).toBeLessThan(1e-9)
      return distance(profile, nash)
    })
    for (let k = 1; k < distances.length; k++) expect(distances[k]).toBeLessThan(distances[k - 1]!)
    expect(distances[distances.length - 1]).toBeLessThan(1e-3)
    // At small λ the row player is first drawn towards its large payoff, away from the equilibrium.
    const early = logitEquilibrium(game, [1, 1]).profile
    expect(early[0]![0]).toBeGreaterThan(0.7)
  })

  it('is uniform at λ = 0 and follows the principal branch to the mixed equilibrium of the battle of the sexes', () => {
    expect(distance(logitEquilibrium(battleOfTheSexes, [0, 0]).profile, half)).toBe(0)
    const { profile, converged } = logitEquilibrium(battleOfTheSexes, [1e4, 1e4])
    expect(converged).toBe(true)
    expect(distance(profile, [Float64Array.of(2 / 3, 1 / 3), Float64Array.of(1 / 3, 2 / 3)])).toBeLessThan(
      1e-3,
    )
  })

  it('lets λ = ∞ best-respond exactly where best responses settle', () => {
    const pd = logitEquilibrium(prisonersDilemma, [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY])
    expect(pd.converged).toBe(true)
    expect(asArrays(pd.profile)).toEqual([
      [0, 1],
      [0, 1],
    ])
    const mixed = logitEquilibrium(stagHunt, [Number.POSITIVE_INFINITY, 2])
    expect(mixed.converged).toBe(true)
    expect(fixedPointResidual(stagHunt, [1e300, 2], mixed.profile)).toBeLessThan(1e-9)
  })

  it('returns the large-λ profile, unconverged, where best responses cannot settle', () => {
    const game = asymmetricPennies(1)
    const { profile, converged } = logitEquilibrium(game, [
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ])
    expect(converged).toBe(false)
    expect(distance(profile, [Float64Array.of(1 / 2, 1 / 2), Float64Array.of(1 / 8, 7 / 8)])).toBeLessThan(
      1e-3,
    )
  })

  it('solves from a given start without the homotopy', () => {
    const start = [Float64Array.of(0.99, 0.01), Float64Array.of(0.99, 0.01)]
    const { profile, converged } = logitEquilibrium(battleOfTheSexes, [20, 20], { start })
    expect(converged).toBe(true)
    expect(profile[0]![0]).toBeGreaterThan(0.9)
    expect(fixedPointResidual(battleOfTheSexes, [20, 20], profile)).toBeLessThan(1e-10)
  })

  it('follows the principal branch through a turning point, whatever the step size', () => {
    // A game whose principal branch bends back in λ between λ = 10 and λ = 100 before it reaches (top, left).
    const game = bimatrix(
      [
        [7, 0, 1],
        [6, 0, 9],
      ],
      [
        [10, 1, 7],
        [0, 7, 2],
      ],
    )
    const coarse = logitEquilibrium(game, [100, 100], { steps: 5 })
    const fine = logitEquilibrium(game, [100, 100], { steps: 400, maxIterations: 10_000 })
    expect(coarse.converged && fine.converged).toBe(true)
    expect(distance(coarse.profile, fine.profile)).toBeLessThan(1e-9)
    expect(fixedPointResidual(game, [100, 100], coarse.profile)).toBeLessThan(1e-9)
    expect(coarse.profile[0]![0]).toBeGreaterThan(0.99)
    expect(coarse.profile[1]![0]).toBeGreaterThan(0.99)
    // Before the turn, the branch is near the other corner of the column player's options.
    expect(logitEquilibrium(game, [10, 10]).profile[1]![1]).toBeGreaterThan(0.98)
  })

  it('stops at maxIterations, unconverged', () => {
    const result = logitEquilibrium(asymmetricPennies(1), [10, 10], { maxIterations: 5 })
    expect(result.converged).toBe(false)
    expect(result.iterations).toBeLessThanOrEqual(5)
    result.profile.forEach((mix) => {
      expect(mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    })
  })

  it('gives infeasible options probability 0', () => {
    const game = bimatrix(
      [
        [1, 0, 5],
        [0, 1, 5],
      ],
      [
        [0, 1, 5],
        [1, 0, 5],
      ],
      [
        [true, true],
        [true, true, false],
      ],
    )
    const { profile, converged } = logitEquilibrium(game, [3, 3])
    expect(converged).toBe(true)
    expect(profile[1]![2]).toBe(0)
    expect(distance(profile, [Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5, 0)])).toBeLessThan(1e-12)
  })

  it('solves games with three players', () => {
    const game = gameFromFunction([2, 3, 2], (p, i) => ((p[0]! + 2 * p[1]! + 3 * p[2]! + 5 * i) % 7) - 3)
    const lambdas = [2, 5, 1]
    const { profile, converged } = logitEquilibrium(game, lambdas)
    expect(converged).toBe(true)
    expect(fixedPointResidual(game, lambdas, profile)).toBeLessThan(1e-9)
  })

  it('refuses lambdas that do not fit', () => {
    expect(() => logitEquilibrium(matchingPennies, [1])).toThrow(RangeError)
    expect(() => logitEquilibrium(matchingPennies, [1, -1])).toThrow(RangeError)
    expect(() => logitEquilibrium(matchingPennies, [1, Number.NaN])).toThrow(RangeError)
  })

  it('satisfies the fixed point σ = logit(λ·EU(σ)) within 1e-8 whenever it converges', () => {
    const games = gameArbitrary({
      minPlayers: 1,
      maxPlayers: 3,
      maxOptions: 3,
      payoff: genericPayoff,
      masks: true,
    })
    let converged = 0
    let runs = 0
    fc.assert(
      fc.property(
        games.chain((game) =>
          fc.tuple(
            fc.constant(game),
            fc.array(fc.double({ min: 0.1, max: 30, noNaN: true }), {
              minLength: game.players,
              maxLength: game.players,
            }),
          ),
        ),
        ([game, lambdas]) => {
          const result = logitEquilibrium(game, lambdas)
          runs++
          if (!result.converged) return
          converged++
          expect(fixedPointResidual(game, lambdas, result.profile)).toBeLessThan(1e-8)
        },
      ),
      { numRuns: 200 },
    )
    expect(converged).toBeGreaterThanOrEqual(0.95 * runs)
  })
})

describe('expectedPayoffs', () => {
  it('matches brute force, with NaN for infeasible options', () => {
    const game = gameFromFunction([2, 3, 2], (p, i) => p[0]! * 3 + p[1]! - p[2]! * 2 + i, [
      [true, true],
      [true, false, true],
      [true, true],
    ])
    const profile = [Float64Array.of(0.3, 0.7), Float64Array.of(0.6, 0, 0.4), Float64Array.of(0.5, 0.5)]
    const expected = expectedPayoffs(game, profile).map((row) => Array.from(row))
    const reference = bruteForceExpected(game, profile)
    expect(Number.isNaN(expected[1]![1]!)).toBe(true)
    expected.forEach((row, i) => {
      row.forEach((u, o) => {
        if (isFeasible(game, i, o)) expect(u).toBeCloseTo(reference[i]![o]!, 12)
      })
    })
  })
})
