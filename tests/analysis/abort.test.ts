import { describe, expect, it } from 'vitest'
import { checkScenario } from '../../src/analysis/checkScenario'
import { compare } from '../../src/analysis/compare'
import { decisionData } from '../../src/analysis/decisionData'
import { decisionRobustness } from '../../src/analysis/decisionRobustness'
import { morris } from '../../src/analysis/morris'
import { discover, scenarioMorris, scenarioSobol } from '../../src/analysis/scenarioSensitivity'
import { sobol } from '../../src/analysis/sobol'
import { switchingGrid, switchingPoints } from '../../src/analysis/switchingPoints'
import { tornado } from '../../src/analysis/tornado'
import { valueOfInformation } from '../../src/analysis/valueOfInformation'
import { AbortedError } from '../../src/engine/aborted'
import type { Scenario } from '../../src/model/scenarioSchema'
import { loadScenario } from '../../src/node'
import { simulateUntil } from '../../src/run/simulateUntil'

// Every analysis accepts an AbortSignal: aborted before it starts, it throws AbortedError at once; aborted
// while it runs, it stops within 100 ms of the abort.

const loaded = await loadScenario('scenarios/isf-pakistan.yaml')
if (loaded._tag === 'Left') throw new Error('flagship invalid')
const flagship: Scenario = loaded.right
const metric = 'share:pakistan.join'
const input = 'weight:pakistan.imf_support'

/** A plain model that takes a few microseconds a call. */
const slowModel = ({ x, y }: { x: number; y: number }): number => {
  let sum = 0
  for (let i = 0; i < 200; i++) sum += Math.sin(x * i) * y
  return sum
}

/** Every analysis, given a signal, with settings that would take seconds if not stopped. */
const analyses: ReadonlyArray<readonly [string, (signal: AbortSignal) => unknown]> = [
  ['tornado', (signal) => tornado(flagship, { metric, trials: 200_000, signal })],
  ['scenarioSobol', (signal) => scenarioSobol(flagship, { metric, samples: 200_000, signal })],
  ['scenarioMorris', (signal) => scenarioMorris(flagship, { metric, trajectories: 10_000, signal })],
  ['discover', (signal) => discover(flagship, { metric, trials: 2_000_000, signal })],
  [
    'switchingPoints',
    (signal) => switchingPoints(flagship, { actor: 'pakistan', input, trials: 400_000, signal }),
  ],
  [
    'switchingGrid',
    (signal) =>
      switchingGrid(flagship, {
        actor: 'pakistan',
        inputs: [input, 'weight:pakistan.us_ties'],
        ranges: [
          [0, 1],
          [0, 1],
        ],
        grid: 30,
        trials: 100_000,
        signal,
      }),
  ],
  [
    'valueOfInformation',
    (signal) => valueOfInformation(flagship, { actor: 'pakistan', trials: 2_000_000, signal }),
  ],
  [
    'decisionRobustness',
    (signal) => decisionRobustness(flagship, { actor: 'pakistan', trials: 2_000_000, signal }),
  ],
  ['decisionData', (signal) => decisionData(flagship, { actor: 'pakistan', trials: 2_000_000, signal })],
  ['compare', (signal) => compare(flagship, flagship, { trials: 2_000_000, signal })],
  [
    'checkScenario',
    (signal) =>
      checkScenario(flagship, [{ kind: 'bounds', metric, min: 0, max: 1 }], { runs: 100_000, signal }),
  ],
  ['simulateUntil', (signal) => simulateUntil(flagship, { halfWidth: 1e-9, maxTrials: 1e9, signal })],
  [
    'sobol (a plain model)',
    (signal) =>
      sobol({
        inputs: { x: { uniform: [0, 1] }, y: { uniform: [0, 1] } },
        model: slowModel,
        samples: 4_000_000,
        signal,
      }),
  ],
  [
    'morris (a plain model)',
    (signal) =>
      morris({
        inputs: { x: { uniform: [0, 1] }, y: { uniform: [0, 1] } },
        model: slowModel,
        trajectories: 2_000_000,
        signal,
      }),
  ],
]

/**
 * A real AbortSignal that aborts itself the first time it is read after `after` milliseconds: a
 * synchronous analysis cannot see a timer fire, so this is how an abort reaches it while it runs.
 */
const abortingAfter = (after: number): { signal: AbortSignal; abortedAt: () => number } => {
  const controller = new AbortController()
  const start = performance.now()
  let abortedAt = 0
  const signal = new Proxy(controller.signal, {
    get(target, property) {
      if (property === 'aborted' && !target.aborted && performance.now() - start >= after) {
        abortedAt = performance.now()
        controller.abort(new Error('stop'))
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { signal, abortedAt: () => abortedAt }
}

describe('every analysis stops on its AbortSignal', () => {
  for (const [name, run] of analyses) {
    it(`${name}: aborted before the start, throws AbortedError at once`, () => {
      const started = performance.now()
      expect(() => run(AbortSignal.abort())).toThrow(AbortedError)
      expect(performance.now() - started).toBeLessThan(1000)
    })

    it(`${name}: aborted while running, stops within 100 ms`, () => {
      const { signal, abortedAt } = abortingAfter(150)
      let error: unknown
      try {
        run(signal)
      } catch (caught) {
        error = caught
      }
      const stopped = performance.now()
      expect(error).toBeInstanceOf(AbortedError)
      expect(abortedAt()).toBeGreaterThan(0)
      expect(stopped - abortedAt()).toBeLessThan(100)
    }, 30_000)
  }
})
