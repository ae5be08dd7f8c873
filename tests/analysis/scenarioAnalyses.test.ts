import { describe, expect, it } from 'vitest'
import { checkScenario } from '../../src/analysis/checkScenario'
import { compare } from '../../src/analysis/compare'
import { switchingGrid, switchingPoints } from '../../src/analysis/switchingPoints'
import { tornado } from '../../src/analysis/tornado'
import { valueOfInformation } from '../../src/analysis/valueOfInformation'
import { normalCdf } from '../../src/math/normal'
import { variant } from '../../src/model/variant'
import { decodeOrThrow } from '../internal/decodeOrThrow'

/** U(go) = w·luck − c with luck ~ N(0, 1): the share of go is Φ(−c / w) wherever w > 0. */
const lucky = decodeOrThrow({
  id: 'lucky',
  title: 'Go when lucky',
  factors: { gain: {}, cost: {} },
  parameters: { luck: { dist: { normal: [0, 1] } }, noise: { dist: { uniform: [0, 1] } } },
  actors: {
    me: {
      weights: { gain: { uniform: [0.5, 1.5] }, cost: 1 },
      options: { go: { effects: { gain: 'luck', cost: -0.3 } }, stay: {} },
    },
  },
})

describe('tornado', () => {
  it('ranks the inputs by swing, with the swing of a known model', () => {
    const trials = 20_000
    const result = tornado(lucky, { metric: 'share:me.go', trials })
    expect(result.bars.map((bar) => bar.input)).toEqual([
      'parameter:luck',
      'weight:me.gain',
      'parameter:noise',
    ])
    // luck at its 5th / 95th percentile (−1.645 / +1.645): go iff w·x > 0.3, never at −1.645; at +1.645 always (w ≥ 0.5).
    const luck = result.bars[0]!
    expect(luck.low.metric).toBe(0)
    expect(luck.high.metric).toBe(1)
    // noise enters nothing: zero swing, exactly, under common random numbers.
    expect(result.bars[2]!.swing).toBe(0)
    // The weight at 0.55 / 1.45: Φ(−0.3/0.55) and Φ(−0.3/1.45), within 4 binomial standard errors.
    const gain = result.bars[1]!
    for (const [setting, w] of [
      [gain.low, 0.55],
      [gain.high, 1.45],
    ] as const) {
      const p = normalCdf(-0.3 / w)
      expect(Math.abs(setting.metric - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials))
    }
  })
})

describe('switching points', () => {
  it('finds the value at which a scenario built to flip does so', () => {
    // U(go) = w − 0.4 with w the weight on gain: go is the modal choice iff w > 0.4.
    const flip = decodeOrThrow({
      id: 'flip',
      title: 'Flips at 0.4',
      factors: { gain: {}, cost: {} },
      actors: {
        me: {
          weights: { gain: { uniform: [0.2, 0.6] }, cost: 1 },
          options: { go: { effects: { gain: 1, cost: -0.4 } }, stay: {} },
        },
      },
    })
    const result = switchingPoints(flip, {
      actor: 'me',
      input: 'weight:me.gain',
      trials: 256,
      tolerance: 1e-4,
    })
    expect(result.points).toHaveLength(1)
    expect(result.points[0]!.from).toBe('stay')
    expect(result.points[0]!.to).toBe('go')
    // Bisection stops within tolerance × range of the true value.
    const range = result.grid.at(-1)!.value - result.grid[0]!.value
    expect(Math.abs(result.points[0]!.value - 0.4)).toBeLessThanOrEqual(1e-4 * range)
    expect(result.current.p50).toBeCloseTo(0.4, 9)
  })

  it("finds where a logit actor's most likely choice flips: where the two utilities are equal", () => {
    const logit = decodeOrThrow({
      id: 'logit-flip',
      title: 'Logit flip at cost 0.25',
      factors: { gain: {}, cost: {} },
      actors: {
        me: {
          rule: { logit: 3 },
          weights: { gain: 0.25, cost: { uniform: [0.5, 1.5] } },
          options: { go: { effects: { gain: 1, cost: -1 } }, stay: {} },
        },
      },
    })
    const result = switchingPoints(logit, {
      actor: 'me',
      input: 'weight:me.cost',
      range: [0, 1],
      trials: 64,
      tolerance: 1e-5,
    })
    expect(result.points.map((p) => [p.from, p.to])).toEqual([['go', 'stay']])
    expect(result.points[0]!.value).toBeCloseTo(0.25, 3)
  })

  it('maps two inputs to the most likely choice in each cell', () => {
    const two = decodeOrThrow({
      id: 'two',
      title: 'Go when gain beats cost',
      factors: { gain: {}, cost: {} },
      actors: {
        me: { weights: { gain: 1, cost: 1 }, options: { go: { effects: { gain: 1, cost: -1 } }, stay: {} } },
      },
    })
    const grid = switchingGrid(two, {
      actor: 'me',
      inputs: ['weight:me.gain', 'weight:me.cost'],
      ranges: [
        [0, 1],
        [0, 1],
      ],
      grid: 5,
      trials: 4,
    })
    grid.x.forEach((gain, i) => {
      grid.y.forEach((cost, j) => {
        // go strictly better when gain > cost; ties go to the first declared option (go).
        expect(grid.modal[i]![j]).toBe(gain >= cost ? 'go' : 'stay')
      })
    })
  })
})

describe('compare', () => {
  it('gives a paired interval around the exact difference, tighter than independent runs', () => {
    const braver = variant(lucky, (draft) => {
      draft.actors['me']!.options['go']!.effects!['cost'] = 0
    })
    if (braver._tag === 'Left') throw new Error('invalid')
    const result = compare(lucky, braver.right, { trials: 40_000, seed: 3 }).differences['share:me.go']!
    // Exact: P(w·x > 0) − P(w·x > 0.3) = 1/2 − E_w[Φ(−0.3/w)], with w ~ U(0.5, 1.5) (midpoint rule on 1,000 points).
    let expectation = 0
    for (let i = 0; i < 1000; i++) expectation += normalCdf(-0.3 / (0.5 + (i + 0.5) / 1000)) / 1000
    const exact = 0.5 - expectation
    expect(result.ci95[0]).toBeLessThan(exact)
    expect(result.ci95[1]).toBeGreaterThan(exact)
    expect((result.ci95[1] - result.ci95[0]) / 2).toBeLessThan(result.independentHalfWidth / 2)
  })
})

describe('value of information', () => {
  it('matches a two-option decision solved by hand: EVPI = E[max(x, 0)] = φ(0) for x ~ N(0, 1)', () => {
    const scenario = decodeOrThrow({
      id: 'evpi',
      title: 'Go pays x',
      factors: { gain: {} },
      parameters: { x: { dist: { normal: [0, 1] } }, z: { dist: { uniform: [0, 1] } } },
      actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'x' } }, stay: {} } } },
    })
    const trials = 100_000
    const result = valueOfInformation(scenario, { actor: 'me', trials })
    // The estimate is a sample mean of max(x, 0) − max(mean, 0): its standard error is at most sd(max(x, 0)) / √n.
    const sd = Math.sqrt(0.5 - 1 / (2 * Math.PI))
    expect(Math.abs(result.evpi - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(
      4 * (sd / Math.sqrt(trials)) + 4 / Math.sqrt(trials),
    )
    expect(result.evppi['x']).toBeGreaterThan(result.evpi - 0.01)
    expect(result.evppi['z']).toBeLessThan(0.01)
  })
})

describe('checkScenario', () => {
  it('confirms laws that hold and finds a counter-example to one that does not, with its replay seed', () => {
    const result = checkScenario(
      lucky,
      [
        { kind: 'increasing', input: 'parameter:luck', metric: 'share:me.go' },
        { kind: 'bounds', metric: 'share:me.go', min: 0, max: 1 },
        { kind: 'never', metric: 'share:me.go', when: 'luck < 0' },
        { kind: 'decreasing', input: 'parameter:luck', metric: 'share:me.go' },
      ],
      { runs: 25 },
    )
    expect(result.laws.map((law) => law.holds)).toEqual([true, true, true, false])
    const failed = result.laws[3]!
    expect(failed.counterexample).toMatch(/share:me\.go is .* at parameter:luck = /)
    expect(typeof failed.seed).toBe('number')
    // The same seed replays the same verdict.
    expect(checkScenario(lucky, [failed.law], { runs: 25, seed: failed.seed }).laws[0]!.counterexample).toBe(
      failed.counterexample,
    )
  })
})
