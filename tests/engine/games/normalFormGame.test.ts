import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeProfile,
  encodeProfile,
  gameFromFunction,
  profileCount,
} from '../../../src/engine/games/normalFormGame'

describe('profile codes', () => {
  it('count the profiles', () => {
    expect(profileCount([2, 3, 4])).toBe(24)
    expect(profileCount([])).toBe(1)
  })

  it('put player 0 most significant', () => {
    expect(encodeProfile([2, 3, 4], [1, 0, 0])).toBe(12)
    expect(encodeProfile([2, 3, 4], [0, 1, 0])).toBe(4)
    expect(Array.from(decodeProfile([2, 3, 4], 23))).toEqual([1, 2, 3])
  })

  it('decode what they encode, into a given buffer', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 })
          .chain((options) => fc.tuple(fc.constant(options), fc.nat({ max: profileCount(options) - 1 }))),
        ([options, code]) => {
          const out = new Int32Array(options.length)
          expect(decodeProfile(options, code, out)).toBe(out)
          expect(encodeProfile(options, out)).toBe(code)
        },
      ),
    )
  })
})

describe('gameFromFunction', () => {
  it('tabulates payoffs by profile, then player', () => {
    const game = gameFromFunction([2, 3], (p, i) => 10 * p[0]! + p[1]! + 100 * i)
    expect(game.players).toBe(2)
    expect(game.options).toEqual([2, 3])
    expect(Array.from(game.payoffs)).toEqual([0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112])
    expect('feasible' in game).toBe(false)
  })

  it('never evaluates profiles with an infeasible option', () => {
    let calls = 0
    const game = gameFromFunction([2, 2], () => {
      calls++
      return 1
    }, [
      [true, false],
      [true, true],
    ])
    expect(calls).toBe(4)
    expect(Array.from(game.payoffs).map((x) => (Number.isNaN(x) ? 'NaN' : x))).toEqual([
      1,
      1,
      1,
      1,
      'NaN',
      'NaN',
      'NaN',
      'NaN',
    ])
    expect(game.feasible).toEqual([
      [true, false],
      [true, true],
    ])
  })
})
