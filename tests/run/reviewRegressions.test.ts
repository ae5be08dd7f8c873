import { describe, expect, it } from 'vitest'
import { compileExpression } from '../../src/model/compileExpression'
import { parseExpression } from '../../src/model/expression'
import { mergePartialJson, partialToJson } from '../../src/run/partialSummaryJson'
import { simulate, simulatePartial } from '../../src/run/simulate'
import { decodeOrThrow } from '../internal/decodeOrThrow'

// Regressions for defects a second review found (each test failed before its fix).

const evaluate = (text: string, x: number): number => {
  const parsed = parseExpression(text)
  if (!parsed.ok) throw new Error(parsed.problem.message)
  return compileExpression(parsed.value, { parameter: () => 0, actor: () => -1, option: () => -1 })(
    Float64Array.of(x),
    new Int32Array(0),
  )
}

describe('compiled expressions', () => {
  it('equal plain left-to-right evaluation, bit for bit (no re-association, distribution or merging)', () => {
    expect(evaluate('(x - 0.1) * 10', 0.3)).toBe((0.3 - 0.1) * 10)
    expect(evaluate('1 + x + 2', 1e16)).toBe(1 + 1e16 + 2)
    expect(evaluate('x + 1 - x', 1e17)).toBe(1e17 + 1 - 1e17)
    expect(evaluate('0.1 * (0.3 * x)', 7)).toBe(0.1 * (0.3 * 7))
    expect(evaluate('x * (1e308 * 10)', 2)).toBe(Number.POSITIVE_INFINITY)
    expect(Object.is(evaluate('1 / (x * 0)', -3), Number.NEGATIVE_INFINITY)).toBe(true)
    expect(evaluate('x / 1024.0000000000002', 3)).toBe(3 / 1024.0000000000002)
    expect(evaluate('0.5 * x - 2 * x + 3', 1.1)).toBe(0.5 * 1.1 - 2 * 1.1 + 3)
  })
})

describe('infinite values', () => {
  const scenario = decodeOrThrow({
    id: 'infinite',
    title: 'Division by a coin',
    factors: { gain: {} },
    parameters: { luck: { dist: { bernoulli: 0.5 } } },
    actors: {
      me: {
        rule: { logit: 2 },
        weights: { gain: 1 },
        options: { go: { effects: { gain: '1 / luck' } }, stay: {} },
      },
    },
    outcomes: { ratio: '1 / luck', negative: '-1 / luck' },
  })

  it('survive shards: the merged summary equals the direct one', () => {
    const run = { trials: 3000, seed: 2 }
    const parts = [[2], [0, 1]].map((blocks) =>
      JSON.parse(JSON.stringify(partialToJson(simulatePartial(scenario, run, blocks)))),
    )
    const merged = mergePartialJson(parts)
    if (merged._tag === 'Left') throw new Error(merged.left)
    expect(JSON.stringify(merged.right.summary)).toBe(JSON.stringify(simulate(scenario, run)))
  })

  it('give a logit actor all its mass on options worth +Infinity, never NaN shares', () => {
    const summary = simulate(scenario, { trials: 4000, seed: 3 })
    const go = summary.actors['me']!.options['go']!
    expect(Number.isFinite(go.share)).toBe(true)
    // Half the draws (luck = 0) make go worth +Infinity: probability 1 there; elsewhere logistic(2·1).
    const expected = 0.5 * 1 + 0.5 * (1 / (1 + Math.exp(-2)))
    expect(Math.abs(go.share - expected)).toBeLessThan(4 * Math.sqrt(0.25 / 4000))
  })
})

describe('a single mover with as many options as allowed', () => {
  it('compares all of them', () => {
    const options = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`o${i}`, { effects: { gain: i === 999 ? 10 : i / 1000 } }]),
    )
    const scenario = decodeOrThrow({
      id: 'many',
      title: 'Many options',
      factors: { gain: {}, calm: {} },
      actors: {
        me: {
          weights: { gain: 1, calm: 1 },
          options: { ...options, o0: { effects: { gain: 0, calm: "chose('you', 'wait')" } } },
        },
        you: { weights: { calm: 1 }, options: { wait: {}, act: {} } },
      },
      stages: [['me'], ['you']],
    })
    expect(simulate(scenario, { trials: 20, drivers: false }).actors['me']!.options['o999']!.share).toBe(1)
  })
})

describe('exact sums that overflow', () => {
  it('give the infinity they round to, not NaN', async () => {
    const { ExactSum } = await import('../../src/run/internal/exactSum')
    const sum = new ExactSum()
    sum.add(1e308)
    sum.add(1e308)
    expect(sum.value()).toBe(Number.POSITIVE_INFINITY)
    sum.add(-1)
    expect(sum.value()).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('partial summaries from elsewhere', () => {
  const scenario = decodeOrThrow({
    id: 'tiny',
    title: 'A choice',
    factors: { gain: {} },
    actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
  })
  const part = () =>
    JSON.parse(JSON.stringify(partialToJson(simulatePartial(scenario, { trials: 3000 }, [1]))))

  it('are refused when their blocks are out of range, repeated, or do not match their statistics', () => {
    const outOfRange = { ...part(), blocks: [7] }
    expect(mergePartialJson([outOfRange])).toEqual({
      _tag: 'Left',
      left: 'part 1: its blocks must be whole numbers in [0, 3) for 3000 trials',
    })
    const repeated = { ...part(), blocks: [1, 1] }
    expect(mergePartialJson([repeated])._tag).toBe('Left')
    const mismatched = { ...part(), blocks: [2] }
    expect(mergePartialJson([mismatched])).toEqual({
      _tag: 'Left',
      left: 'part 1: its statistics hold 1024 trials, its blocks 952',
    })
  })

  it('cannot run a block twice', () => {
    expect(() => simulatePartial(scenario, { trials: 3000 }, [1, 1])).toThrow(/listed twice/)
  })
})
