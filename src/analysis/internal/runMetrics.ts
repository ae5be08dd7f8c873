import { BLOCK_SIZE, type BlockOutput, createBlockEvaluator } from '../../engine/blockEvaluator'
import { compileScenario } from '../../engine/compileScenario'
import type { Scenario } from '../../model/scenarioSchema'
import { ExactSum } from '../../run/internal/exactSum'
import { blockCount } from '../../run/simulate'
import type { Metric } from '../metric'

/** Settings shared by the analyses that run a scenario. @internal */
export interface RunSettings {
  readonly trials: number
  readonly seed: string
  readonly signal?: AbortSignal | undefined
}

/** Plays every block of a run (no flip checks) and hands each block's output to `visit`. @internal */
export const forEachBlock = (
  scenario: Scenario,
  settings: RunSettings,
  visit: (output: BlockOutput, firstTrial: number) => void,
): void => {
  const evaluator = createBlockEvaluator(compileScenario(scenario), {
    flipChecks: false,
    signal: settings.signal,
  })
  for (let b = 0; b < blockCount(settings.trials); b++) {
    const count = Math.min(BLOCK_SIZE, settings.trials - b * BLOCK_SIZE)
    visit(evaluator.evaluate(settings.seed, b, count), b * BLOCK_SIZE)
  }
}

/** The mean of each metric over a run (NaN values skipped), with exact, order-free sums. @internal */
export const meanMetrics = (
  scenario: Scenario,
  metrics: ReadonlyArray<(compiled: ReturnType<typeof compileScenario>) => Metric>,
  settings: RunSettings,
): Float64Array => {
  const compiled = compileScenario(scenario)
  const resolved = metrics.map((make) => make(compiled))
  const sums = resolved.map(() => new ExactSum())
  const counts = new Float64Array(resolved.length)
  forEachBlock(scenario, settings, (output) => {
    resolved.forEach((metric, m) => {
      let sum = 0
      for (let t = 0; t < output.count; t++) {
        const value = metric.read(output, t)
        if (Number.isNaN(value)) continue
        sum += value
        counts[m]!++
      }
      sums[m]!.add(sum)
    })
  })
  return Float64Array.from(sums, (sum, m) => (counts[m]! === 0 ? Number.NaN : sum.value() / counts[m]!))
}
