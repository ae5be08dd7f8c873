import { type Either, left, right } from 'fp-ts/lib/Either.js'
import { scenarioHash } from '../model/canonicalJson'
import { decodeScenario } from '../model/decodeScenario'
import type { ScenarioData } from '../model/scenarioSchema'
import { ENGINE_REVISION } from '../version'
import type { AccumulatorData } from './internal/summaryAccumulator'
import { blockCount, mergePartials, type PartialSummary, simulatePartial, summarizePartial } from './simulate'
import type { Summary } from './summary'

// model

/**
 * A partial summary as JSON: the statistics of some blocks of a run, with the scenario and run settings,
 * so parts written by shards, workers or machines merge exactly, anywhere.
 * @since 0.1.0
 */
export interface PartialSummaryJson {
  readonly format: 'statecraft-partial'
  readonly engine: number
  readonly scenarioHash: string
  readonly scenario: ScenarioData
  readonly seed: string
  readonly trials: number
  readonly drivers: boolean
  readonly blocks: ReadonlyArray<number>
  readonly data: AccumulatorData
}

// converting

/**
 * Writes a partial summary as plain JSON data.
 * @param partial - from `simulatePartial` or a merge
 * @returns JSON-ready data
 * @example
 * import { decodeScenario, partialToJson, simulatePartial } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * partialToJson(simulatePartial(decoded.right, { trials: 3000 }, [1])).blocks // => [1]
 * @since 0.1.0
 */
export const partialToJson = (partial: PartialSummary): PartialSummaryJson => ({
  format: 'statecraft-partial',
  engine: ENGINE_REVISION,
  scenarioHash: scenarioHash(partial.scenario),
  scenario: partial.scenario,
  seed: partial.options.seed,
  trials: partial.options.trials,
  drivers: partial.options.drivers,
  blocks: [...partial.blocks].sort((x, y) => x - y),
  data: partial.accumulator.toJSON(),
})

/**
 * Reads a partial summary written by {@link partialToJson}, checking its form and scenario.
 * @param json - parsed JSON
 * @returns a message saying what is wrong, or the partial summary
 * @since 0.1.0
 */
export const partialFromJson = (json: unknown): Either<string, PartialSummary> => {
  const part = json as Partial<PartialSummaryJson> | null
  if (typeof part !== 'object' || part === null || part.format !== 'statecraft-partial')
    return left("not a partial summary (expected format: 'statecraft-partial')")
  if (part.engine !== ENGINE_REVISION)
    return left(
      `written by engine revision ${part.engine}, this is revision ${ENGINE_REVISION}: re-run the shard`,
    )
  const decoded = decodeScenario(part.scenario)
  if (decoded._tag === 'Left') return left(`its scenario is invalid: ${decoded.left.length} problem(s)`)
  if (scenarioHash(decoded.right) !== part.scenarioHash)
    return left('its scenario does not match its recorded hash')
  if (
    typeof part.seed !== 'string' ||
    typeof part.trials !== 'number' ||
    !Array.isArray(part.blocks) ||
    part.data === undefined
  )
    return left('missing seed, trials, blocks or data')
  if (!(Number.isInteger(part.trials) && part.trials >= 1))
    return left(`trials must be a whole number >= 1, got ${part.trials}`)
  const total = blockCount(part.trials)
  const blocks = part.blocks as ReadonlyArray<unknown>
  if (
    blocks.some((block) => !(Number.isInteger(block) && (block as number) >= 0 && (block as number) < total))
  )
    return left(`its blocks must be whole numbers in [0, ${total}) for ${part.trials} trials`)
  if (new Set(blocks).size !== blocks.length) return left('it lists a block twice')
  const expected = blocks.reduce<number>(
    (sum, block) => sum + Math.min(1024, part.trials! - (block as number) * 1024),
    0,
  )
  if (part.data.trials !== expected)
    return left(`its statistics hold ${part.data.trials} trials, its blocks ${expected}`)
  const empty = simulatePartial(
    decoded.right,
    { trials: part.trials, seed: part.seed, drivers: part.drivers === true },
    [],
  )
  try {
    empty.accumulator.mergeData(part.data)
  } catch (error) {
    return left(String((error as Error).message))
  }
  return right({ ...empty, blocks: [...part.blocks] })
}

/**
 * Merges partial summaries (JSON) of one run into its summary: byte-identical to the unsharded run when
 * the parts cover every block. Parts of different runs, or parts that overlap, are refused.
 * @param parts - parsed JSON of each part, in any order
 * @returns a message saying what is wrong, or the summary and the blocks that are still missing
 * @example
 * import { decodeScenario, mergePartialJson, partialToJson, simulate, simulatePartial } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const run = { trials: 3000, seed: 5 }
 * const parts = [[2], [0, 1]].map((blocks) => JSON.parse(JSON.stringify(partialToJson(simulatePartial(decoded.right, run, blocks)))))
 * const merged = mergePartialJson(parts)
 * merged._tag === 'Right' && JSON.stringify(merged.right.summary) === JSON.stringify(simulate(decoded.right, run)) // => true
 * @since 0.1.0
 */
export const mergePartialJson = (
  parts: ReadonlyArray<unknown>,
): Either<string, { readonly summary: Summary; readonly missingBlocks: ReadonlyArray<number> }> => {
  if (parts.length === 0) return left('no partial summaries to merge')
  const read: PartialSummary[] = []
  for (const [i, part] of parts.entries()) {
    const partial = partialFromJson(part)
    if (partial._tag === 'Left') return left(`part ${i + 1}: ${partial.left}`)
    read.push(partial.right)
  }
  let merged = read[0]!
  for (const [i, next] of read.slice(1).entries()) {
    try {
      merged = mergePartials(merged, next)
    } catch (error) {
      return left(`part ${i + 2}: ${(error as Error).message}`)
    }
  }
  const have = new Set(merged.blocks)
  const missingBlocks = Array.from({ length: blockCount(merged.options.trials) }, (_, b) => b).filter(
    (b) => !have.has(b),
  )
  return right({ summary: summarizePartial(merged), missingBlocks })
}

/**
 * The blocks of shard k of n (1-based): contiguous, so the shards of a run cover every block once.
 * @param trials - the run's trials
 * @param shard - k, from 1 to n
 * @param shards - n
 * @returns the block indices
 * @example
 * import { shardBlocks } from 'statecraft'
 * shardBlocks(10 * 1024, 2, 3) // => [3, 4, 5]
 * @since 0.1.0
 */
export const shardBlocks = (trials: number, shard: number, shards: number): ReadonlyArray<number> => {
  if (!(Number.isInteger(shard) && Number.isInteger(shards) && shard >= 1 && shard <= shards))
    throw new RangeError(`a shard is k/n with 1 <= k <= n, got ${shard}/${shards}`)
  const total = blockCount(trials)
  const from = Math.floor(((shard - 1) * total) / shards)
  const to = Math.floor((shard * total) / shards)
  return Array.from({ length: to - from }, (_, i) => from + i)
}
