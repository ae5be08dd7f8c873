import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bestResponseDynamics } from '../../../src/engine/games/bestResponseDynamics'
import {
  decodeProfile,
  encodeProfile,
  gameFromFunction,
  type NormalFormGame,
  profileCount,
} from '../../../src/engine/games/normalFormGame'
import { pureEquilibria } from '../../../src/engine/games/pureEquilibria'
import { gameArbitrary, matchingPennies, prisonersDilemma } from './textbookGames'

/** The table's payoff function, counting its calls. */
const tableLookup = (game: NormalFormGame) => {
  const calls = { count: 0 }
  const payoff = (profile: Int32Array, out: Float64Array): void => {
    calls.count++
    const code = encodeProfile(game.options, profile)
    for (let i = 0; i < game.players; i++) out[i] = game.payoffs[code * game.players + i]!
  }
  return { payoff, calls }
}

const allProfiles = (game: NormalFormGame): Int32Array[] =>
  Array.from({ length: profileCount(game.options) }, (_, code) => decodeProfile(game.options, code))

/** Payoff: how many players (oneself included) choose the same option. */
const coordination = (players: number) => (profile: Int32Array, out: Float64Array) => {
  for (let i = 0; i < players; i++) {
    let same = 0
    for (let j = 0; j < players; j++) if (profile[j] === profile[i]) same++
    out[i] = same
  }
}

const isEquilibriumOf = (
  payoff: (profile: Int32Array, out: Float64Array) => void,
  options: ReadonlyArray<number>,
  profile: Int32Array,
): boolean => {
  const players = options.length
  const here = new Float64Array(players)
  const there = new Float64Array(players)
  payoff(profile, here)
  for (let i = 0; i < players; i++)
    for (let o = 0; o < options[i]!; o++) {
      const deviation = Int32Array.from(profile)
      deviation[i] = o
      payoff(deviation, there)
      if (there[i]! > here[i]!) return false
    }
  return true
}

describe('bestResponseDynamics', () => {
  it("reaches mutual defection in the prisoner's dilemma from every start", () => {
    const { payoff } = tableLookup(prisonersDilemma)
    const result = bestResponseDynamics([2, 2], undefined, payoff, allProfiles(prisonersDilemma))
    expect(result.equilibria.map((p) => Array.from(p))).toEqual([[1, 1]])
    expect(result.cycles).toBe(0)
    expect(result.evaluations).toBe(4)
  })

  it('cycles in matching pennies and finds nothing', () => {
    const { payoff } = tableLookup(matchingPennies)
    const result = bestResponseDynamics([2, 2], undefined, payoff, allProfiles(matchingPennies))
    expect(result.equilibria).toEqual([])
    expect(result.cycles).toBe(4)
  })

  it('stops after maxPasses without counting a cycle', () => {
    const { payoff } = tableLookup(matchingPennies)
    const result = bestResponseDynamics([2, 2], undefined, payoff, [Int32Array.of(0, 0)], 1)
    expect(result).toEqual({ equilibria: [], cycles: 0, evaluations: 3 })
  })

  it('agrees with pureEquilibria on a three-player game when started everywhere', () => {
    // Each player earns 1 for matching player (i + 1) mod 3 and 2 for being the only one on option 1.
    const game = gameFromFunction([2, 3, 2], (p, i) => {
      const ones = p.filter((o) => o === 1).length
      return (p[i] === p[(i + 1) % 3] ? 1 : 0) + (p[i] === 1 && ones === 1 ? 2 : 0)
    })
    const { payoff } = tableLookup(game)
    const result = bestResponseDynamics(game.options, undefined, payoff, allProfiles(game))
    const found = result.equilibria.map((p) => encodeProfile(game.options, p)).sort((a, b) => a - b)
    expect(found).toEqual(pureEquilibria(game))
    expect(found.length).toBeGreaterThan(0)
  })

  it('keeps the current option on ties and otherwise takes the first best response', () => {
    // Player 0 is indifferent between options 0 and 2, both better than 1; player 1 has one option.
    const game = gameFromFunction([3, 1], (p, i) => (i === 0 ? [5, 1, 5]![p[0]!]! : 0))
    const { payoff } = tableLookup(game)
    const result = bestResponseDynamics(game.options, undefined, payoff, [
      Int32Array.of(2, 0),
      Int32Array.of(1, 0),
    ])
    expect(result.equilibria.map((p) => Array.from(p))).toEqual([
      [2, 0],
      [0, 0],
    ])
  })

  it('never plays infeasible options, replacing them in starts', () => {
    const { payoff } = tableLookup(prisonersDilemma)
    const feasible = [
      [true, false],
      [true, true],
    ]
    const result = bestResponseDynamics([2, 2], feasible, payoff, [Int32Array.of(1, 0)])
    expect(result.equilibria.map((p) => Array.from(p))).toEqual([[0, 1]])
  })

  it('solves a twelve-player coordination game while evaluating few of its 531,441 profiles', () => {
    const options = Array.from({ length: 12 }, () => 3)
    const payoff = coordination(12)
    let state = 2463534242
    const next = () => {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      return (state >>> 0) % 3
    }
    const starts = [
      new Int32Array(12),
      Int32Array.from({ length: 12 }, (_, i) => i % 3),
      Int32Array.from({ length: 12 }, (_, i) => (i < 5 ? 2 : i % 2)),
      ...Array.from({ length: 5 }, () => Int32Array.from({ length: 12 }, next)),
    ]
    const result = bestResponseDynamics(options, undefined, payoff, starts)
    expect(result.equilibria.length).toBeGreaterThan(0)
    for (const profile of result.equilibria) {
      expect(isEquilibriumOf(payoff, options, profile)).toBe(true)
      expect(new Set(profile).size).toBe(1)
    }
    expect(result.cycles).toBe(0)
    expect(result.evaluations).toBeLessThan(2000)
    expect(result.evaluations).toBeLessThan(profileCount(options) / 100)
  })

  it('returns only pure equilibria, each once', () => {
    const games = gameArbitrary({
      minPlayers: 1,
      maxPlayers: 4,
      maxOptions: 3,
      payoff: fc.integer({ min: -3, max: 3 }),
      masks: true,
    })
    fc.assert(
      fc.property(games, (game) => {
        const { payoff, calls } = tableLookup(game)
        const result = bestResponseDynamics(game.options, game.feasible, payoff, allProfiles(game))
        const equilibria = pureEquilibria(game)
        const codes = result.equilibria.map((p) => encodeProfile(game.options, p))
        expect(new Set(codes).size).toBe(codes.length)
        for (const code of codes) expect(equilibria).toContain(code)
        // Every feasible profile is a start, so every equilibrium is found where it starts.
        expect([...codes].sort((a, b) => a - b)).toEqual(equilibria)
        expect(result.evaluations).toBe(calls.count)
      }),
      { numRuns: 200 },
    )
  })
})
