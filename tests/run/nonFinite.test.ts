import { describe, expect, it } from 'vitest'
import { markdownReport } from '../../src/report/markdownReport'
import { mergePartials, simulate, simulatePartial, summarizePartial } from '../../src/run/simulate'
import type { Summary } from '../../src/run/summary'
import { decodeOrThrow } from '../internal/decodeOrThrow'

// Division by zero, NaN from a distribution's tail, overflow, and logit with λ = 1e6 over utilities 1e300
// apart: no summary field is NaN or infinite; every value that was not finite is reported with its element,
// its first trial and block, and the effect that produced it.

const scenario = decodeOrThrow({
  id: 'non-finite',
  title: 'Values that are not finite',
  factors: { gain: {} },
  parameters: {
    x: { dist: { normal: [0, 1] } },
    ratio: { dist: 'x / 0' },
  },
  actors: {
    me: {
      rule: { logit: 1e6 },
      weights: { gain: 1 },
      options: {
        huge: { effects: { gain: 'x > 0 ? 1e300 : -1e300' } },
        infinite: { effects: { gain: '1 / (x - x)' } },
        undefined_value: { effects: { gain: '0 / (x - x)' } },
        tail: { effects: { gain: 'exp(1000 * x)' } },
        stay: {},
      },
    },
  },
  outcomes: { ratio_out: 'ratio', log_x: 'log(x)' },
})

/** Every number in a value, with its path. */
const numbers = (value: unknown, path = ''): Array<[string, number]> => {
  if (typeof value === 'number') return [[path, value]]
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, inner]) => numbers(inner, `${path}.${key}`))
}

describe('values that are not finite', () => {
  const summary: Summary = simulate(scenario, { trials: 5000, seed: 9 })

  it('leave no NaN or infinity in any summary field', () => {
    const bad = numbers(summary).filter(([, x]) => !Number.isFinite(x))
    expect(bad).toEqual([])
    const shares = Object.values(summary.actors['me']!.options).reduce((sum, o) => sum + o.share, 0)
    expect(shares).toBeCloseTo(1, 12)
  })

  it('are reported with the element, the first trial and block, and the effect that produced them', () => {
    const byElement = Object.fromEntries(summary.nonFinite.map((r) => [r.element, r]))
    expect(Object.keys(byElement).sort()).toEqual(
      [
        'actors.me.options.infinite',
        'actors.me.options.tail',
        'actors.me.options.undefined_value',
        'outcomes.log_x',
        'outcomes.ratio_out',
        'parameters.ratio',
      ].sort(),
    )
    expect(byElement['actors.me.options.infinite']).toMatchObject({
      positiveInfinity: 5000,
      nan: 0,
      firstTrial: 0,
      firstBlock: 0,
      causes: ['actors.me.options.infinite.effects.gain'],
    })
    expect(byElement['actors.me.options.undefined_value']).toMatchObject({
      nan: 5000,
      causes: ['actors.me.options.undefined_value.effects.gain'],
    })
    // exp(1000 x) overflows for x > 0.7098: about 24% of standard normal draws.
    const tail = byElement['actors.me.options.tail']!
    expect(tail.positiveInfinity / 5000).toBeGreaterThan(0.2)
    expect(tail.positiveInfinity / 5000).toBeLessThan(0.28)
    expect(tail.nan + tail.negativeInfinity).toBe(0)
    // log of a negative draw: NaN in about half the trials, the first of them in the first block.
    const log = byElement['outcomes.log_x']!
    expect(log.nan / 5000).toBeGreaterThan(0.45)
    expect(log.firstBlock).toBe(Math.floor(log.firstTrial / 1024))
    expect(
      byElement['parameters.ratio']!.positiveInfinity + byElement['parameters.ratio']!.negativeInfinity,
    ).toBe(5000)
    // Statistics cover the finite values: the utility of 'tail' is summarised over its finite trials.
    expect(summary.actors['me']!.options['tail']!.utility).not.toBeNull()
    expect(summary.parameters['ratio']).toEqual({ mean: null, sd: null })
  })

  it('keep the spread of huge finite values (sums of squares past the largest double)', () => {
    const huge = summary.actors['me']!.options['huge']!.utility!
    expect(huge.sd).toBeGreaterThan(0.99e300)
    expect(huge.sd).toBeLessThan(1.01e300)
    expect(huge.p95).toBeCloseTo(1e300, -297)
  })

  it('merge exactly: the same report from partials in any order', () => {
    const options = { trials: 5000, seed: 9 }
    const a = simulatePartial(scenario, options, [4, 1])
    const b = simulatePartial(scenario, options, [0, 3, 2])
    expect(JSON.stringify(summarizePartial(mergePartials(b, a)))).toBe(JSON.stringify(summary))
  })

  it('are listed in the Markdown report', () => {
    const report = markdownReport(summary)
    expect(report).toContain('## Values that were not finite')
    expect(report).toContain('`actors.me.options.infinite.effects.gain`')
  })
})
