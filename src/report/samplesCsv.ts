import { BLOCK_SIZE, createBlockEvaluator } from '../engine/blockEvaluator'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'

/** Options of {@link samplesCsv}. @since 0.1.0 */
export interface SamplesCsvOptions {
  /** How many trials, from the first. */
  readonly trials: number
  /** The run's seed: the rows are that run's first trials. @defaultValue '1' */
  readonly seed?: string | number
}

/** Most trials `samplesCsv` writes (about 60 MB of CSV for a flagship-sized scenario). @since 0.1.0 */
export const MAX_SAMPLE_ROWS = 1_000_000

const cell = (x: number): string =>
  Number.isFinite(x) ? String(x) : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf'

/**
 * The first trials of a run, one row each, for pandas or R: every uncertain input's draw, every
 * parameter's value, every actor's choice (its option id; empty where it had no feasible option), every
 * option's utility at its actor's realised node (empty where infeasible), and every outcome. The rows are
 * those of `simulate` with the same seed: trial t here is trial t there.
 * @param scenario - a decoded scenario
 * @param options - how many trials, and the seed
 * @returns CSV text with a header row
 * @example
 * import { decodeScenario, samplesCsv } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const lines = samplesCsv(decoded.right, { trials: 3, seed: 1 }).trim().split('\n')
 * lines[0] // => 'trial,input:parameter:luck,parameter:luck,choice:me,utility:me.go,utility:me.stay'
 * lines.length // => 4
 * @since 0.1.0
 */
export const samplesCsv = (scenario: Scenario, options: SamplesCsvOptions): string => {
  const trials = options.trials
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_SAMPLE_ROWS)
    throw new RangeError(`trials must be a whole number from 1 to ${MAX_SAMPLE_ROWS}, got ${trials}`)
  const seed = String(options.seed ?? '1')
  const compiled = compileScenario(scenario)
  const { inputs, parameterIds, actorIds, optionIds, optionOffset, outcomes } = compiled
  const header = [
    'trial',
    ...inputs.map((input) => `input:${input.id}`),
    ...parameterIds.map((id) => `parameter:${id}`),
    ...actorIds.map((id) => `choice:${id}`),
    ...actorIds.flatMap((actor, a) => optionIds[a]!.map((option) => `utility:${actor}.${option}`)),
    ...outcomes.map((outcome) => `outcome:${outcome.id}`),
  ]
  const lines = [header.join(',')]
  const evaluator = createBlockEvaluator(compiled, { flipChecks: false })
  for (let block = 0; block * BLOCK_SIZE < trials; block++) {
    const count = Math.min(BLOCK_SIZE, trials - block * BLOCK_SIZE)
    const out = evaluator.evaluate(seed, block, count)
    const B = out.blockSize
    for (let t = 0; t < count; t++) {
      const row: string[] = [String(block * BLOCK_SIZE + t)]
      for (let c = 0; c < inputs.length; c++) row.push(cell(out.columns[c * B + t]!))
      for (let i = 0; i < parameterIds.length; i++) row.push(cell(out.parameters[i * B + t]!))
      actorIds.forEach((_, a) => {
        const choice = out.choices[a * B + t]!
        row.push(choice < 0 ? '' : optionIds[a]![choice]!)
      })
      actorIds.forEach((_, a) => {
        for (let o = 0; o < optionIds[a]!.length; o++) {
          const j = optionOffset[a]! + o
          row.push(out.feasible[j * B + t] === 0 ? '' : cell(out.utilities[j * B + t]!))
        }
      })
      for (let k = 0; k < outcomes.length; k++) row.push(cell(out.outcomes[k * B + t]!))
      lines.push(row.join(','))
    }
  }
  return `${lines.join('\n')}\n`
}
