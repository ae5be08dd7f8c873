import { BLOCK_SIZE } from '../engine/blockEvaluator'
import type { Scenario } from '../model/scenarioSchema'
import { withSummaryDisplay } from './internal/summaryAccumulator'
import {
  blockCount,
  mergePartials,
  type SimulateOptions,
  simulateOptionsWithDefaults,
  simulatePartial,
  summarizePartial,
} from './simulate'
import type { Summary } from './summary'

/** Options of {@link simulateUntil}. @since 0.1.0 */
export interface SimulateUntilOptions extends Omit<SimulateOptions, 'trials'> {
  /** Stop when every option share's 95% interval half-width is at most this. */
  readonly halfWidth: number
  /** The most trials to draw. @defaultValue 10_000_000 */
  readonly maxTrials?: number
  /** Blocks drawn between checks; part of what makes the run reproducible. @defaultValue 8 */
  readonly roundBlocks?: number
}

/** The widest 95% half-width over every actor's option shares. @internal */
export const widestHalfWidth = (summary: Summary): number => {
  let widest = 0
  for (const actor of Object.values(summary.actors))
    for (const option of Object.values(actor.options))
      widest = Math.max(widest, (option.ci95[1] - option.ci95[0]) / 2)
  return widest
}

/**
 * Draws blocks of trials, in rounds, until every share's 95% interval half-width is at most `halfWidth`
 * or `maxTrials` is reached. Deterministic for a given seed, half-width, cap and round size: the summary
 * equals `simulate` with the trials it used (its manifest records them).
 * @param scenario - a decoded scenario
 * @param options - half-width, cap, round size, seed, drivers
 * @returns the summary of the trials used
 * @example
 * import { decodeScenario, simulate, simulateUntil } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const adaptive = simulateUntil(decoded.right, { halfWidth: 0.01, seed: 4 })
 * adaptive.manifest.trials // => 16384
 * JSON.stringify(adaptive) === JSON.stringify(simulate(decoded.right, { trials: 16384, seed: 4 })) // => true
 * @since 0.1.0
 */
export const simulateUntil = (scenario: Scenario, options: SimulateUntilOptions): Summary => {
  if (!(options.halfWidth > 0)) throw new RangeError(`halfWidth must be > 0, got ${options.halfWidth}`)
  const cap = options.maxTrials ?? 10_000_000
  const round = options.roundBlocks ?? 8
  if (!(Number.isInteger(round) && round >= 1))
    throw new RangeError(`roundBlocks must be a whole number >= 1, got ${round}`)
  const defaults = simulateOptionsWithDefaults({ ...options, trials: cap })
  const resolved = options.signal === undefined ? defaults : { ...defaults, signal: options.signal }
  const totalBlocks = blockCount(cap)
  let done = 0
  let partial = simulatePartial(scenario, resolved, [])
  for (;;) {
    const next = Array.from({ length: Math.min(round, totalBlocks - done) }, (_, i) => done + i)
    partial = mergePartials(partial, simulatePartial(scenario, resolved, next))
    done += next.length
    const used = Math.min(cap, done * BLOCK_SIZE)
    const summary = summarizePartial(partial)
    if (widestHalfWidth(summary) <= options.halfWidth || done >= totalBlocks)
      // The manifest of a capped run of `used` trials: equal to simulate(scenario, { trials: used }).
      return withSummaryDisplay({ ...summary, manifest: { ...summary.manifest, trials: used } })
  }
}
