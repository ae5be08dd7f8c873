import { type Abortable, AbortedError } from '../engine/aborted'
import { BLOCK_SIZE, createBlockEvaluator } from '../engine/blockEvaluator'
import { compileScenario } from '../engine/compileScenario'
import { scenarioHash } from '../model/canonicalJson'
import type { Scenario } from '../model/scenarioSchema'
import { ENGINE_REVISION, VERSION } from '../version'
import { SummaryAccumulator } from './internal/summaryAccumulator'
import type { Summary } from './summary'

// model

/** Settings of a run: plain data, every field with a default (and a signal to stop it). @since 0.1.0 */
export interface SimulateOptions extends Abortable {
  /** Number of trials. @defaultValue 10_000 */
  readonly trials?: number
  /** The seed; numbers are used as their decimal text. @defaultValue '1' */
  readonly seed?: string | number
  /** Whether to compute each actor's drivers (costs one product per input, option and trial). @defaultValue true */
  readonly drivers?: boolean
  /** Called with trials done and the total after each batch of blocks. @defaultValue undefined */
  readonly onProgress?: (done: number, total: number) => void
  /** Blocks evaluated between progress calls; never changes the result. @defaultValue 32 */
  readonly batchBlocks?: number
}

/** The options with every default filled in. @since 0.1.0 */
export type ResolvedSimulateOptions = Required<Omit<SimulateOptions, 'onProgress' | 'seed' | 'signal'>> &
  Pick<SimulateOptions, 'onProgress'> & { readonly seed: string }

/** The most trials one run accepts. @since 0.1.0 */
export const MAX_TRIALS = 1e11

/**
 * Fills in the defaults of {@link SimulateOptions} and checks them.
 * @param options - what the caller gave
 * @returns every field set
 * @throws RangeError for a trial count that is not a whole number from 1 to {@link MAX_TRIALS}
 * @example
 * import { simulateOptionsWithDefaults } from 'statecraft'
 * simulateOptionsWithDefaults({ seed: 7 }).seed // => '7'
 * simulateOptionsWithDefaults({}).trials // => 10000
 * @since 0.1.0
 */
export const simulateOptionsWithDefaults = (options: SimulateOptions = {}): ResolvedSimulateOptions => {
  const trials = options.trials ?? 10_000
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS)
    throw new RangeError(`trials must be a whole number from 1 to ${MAX_TRIALS}, got ${trials}`)
  const batchBlocks = options.batchBlocks ?? 32
  if (!Number.isInteger(batchBlocks) || batchBlocks < 1)
    throw new RangeError(`batchBlocks must be a whole number >= 1, got ${batchBlocks}`)
  const resolved = {
    trials,
    seed: String(options.seed ?? '1'),
    drivers: options.drivers ?? true,
    batchBlocks,
  }
  return options.onProgress === undefined ? resolved : { ...resolved, onProgress: options.onProgress }
}

/** A mergeable part of a run: the statistics of some of its blocks. @since 0.1.0 */
export interface PartialSummary {
  readonly blocks: ReadonlyArray<number>
  /** @internal */
  readonly accumulator: SummaryAccumulator
  /** @internal */
  readonly scenario: Scenario
  /** @internal */
  readonly options: ResolvedSimulateOptions
}

// running

/**
 * How many blocks a run of `trials` has.
 * @param trials - the run's trial count
 * @returns the number of blocks of {@link BLOCK_SIZE} trials, the last one possibly partial
 * @example
 * import { blockCount } from 'statecraft'
 * blockCount(1024) // => 1
 * blockCount(1025) // => 2
 * @since 0.1.0
 */
export const blockCount = (trials: number): number => Math.ceil(trials / BLOCK_SIZE)

/** An empty summary accumulator for a run of `scenario` (compiling it throws what `simulate` throws). @internal */
export const newAccumulator = (scenario: Scenario, options: ResolvedSimulateOptions) =>
  new SummaryAccumulator(compileScenario(scenario), {
    drivers: options.drivers,
    manifest: {
      scenario: scenario.id,
      scenarioHash: scenarioHash(scenario),
      seed: options.seed,
      trials: options.trials,
      blockSize: BLOCK_SIZE,
      statecraft: VERSION,
      engine: ENGINE_REVISION,
    },
  })

/**
 * Runs some blocks of a run, in the order given, into a partial summary; merging the partials of
 * all blocks, in any order, gives exactly the summary of {@link simulate}.
 * @param scenario - a decoded scenario
 * @param options - the run's settings
 * @param blocks - block indices, each in [0, blockCount(trials))
 * @returns the partial summary
 * @example
 * import { decodeScenario, mergePartials, simulate, simulatePartial, summarizePartial } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const options = { trials: 5000, seed: 3 }
 * const parts = [simulatePartial(decoded.right, options, [4, 0]), simulatePartial(decoded.right, options, [2, 1, 3])]
 * JSON.stringify(summarizePartial(mergePartials(parts[0]!, parts[1]!))) === JSON.stringify(simulate(decoded.right, options)) // => true
 * @since 0.1.0
 */
export const simulatePartial = (
  scenario: Scenario,
  options: SimulateOptions,
  blocks: ReadonlyArray<number>,
): PartialSummary => {
  const resolved = simulateOptionsWithDefaults(options)
  if (new Set(blocks).size !== blocks.length)
    throw new RangeError('a block is listed twice: each block can be run once')
  const run = startPartialRun(scenario, resolved, options.signal)
  let done = 0
  for (let i = 0; i < blocks.length; i += resolved.batchBlocks) {
    done += playOrStop(run, blocks.slice(i, i + resolved.batchBlocks), done, resolved.trials)
    resolved.onProgress?.(done, resolved.trials)
  }
  return run.partial()
}

/** Plays blocks; if the signal stops them, says how far the run got. */
const playOrStop = (run: PartialRun, blocks: ReadonlyArray<number>, done: number, total: number): number => {
  try {
    return run.play(blocks)
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error
    throw new AbortedError(
      `the run was aborted after ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} trials`,
      { done, total },
      { cause: error.cause },
    )
  }
}

/**
 * {@link simulate}, asynchronously: the same summary, byte for byte, computed in slices of about 10 ms
 * between which the event loop runs, so timers, input and an `AbortSignal` (say, `AbortSignal.timeout`)
 * act while it runs. For a run on all cores, use `simulateParallel` from `statecraft/node`.
 * @param scenario - a decoded scenario
 * @param options - trials, seed, drivers, progress, signal
 * @returns the summary
 * @throws AbortedError (as a rejection) when the signal aborts: nothing partial is returned
 * @example
 * import { decodeScenario, simulate, simulateAsync } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'coin', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { bernoulli: 0.3 } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck - 0.5' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const summary = await simulateAsync(decoded.right, { trials: 3000, seed: 1 })
 * JSON.stringify(summary) === JSON.stringify(simulate(decoded.right, { trials: 3000, seed: 1 })) // => true
 * @since 0.1.0
 */
export const simulateAsync = async (scenario: Scenario, options: SimulateOptions = {}): Promise<Summary> => {
  const resolved = simulateOptionsWithDefaults(options)
  const total = blockCount(resolved.trials)
  const run = startPartialRun(scenario, resolved, options.signal)
  let done = 0
  let sliceStarted = performance.now()
  for (let block = 0; block < total; block++) {
    done += playOrStop(run, [block], done, resolved.trials)
    // Progress as simulate reports it (every batchBlocks blocks, and at the end), so it is deterministic.
    if ((block + 1) % resolved.batchBlocks === 0 || block === total - 1)
      resolved.onProgress?.(done, resolved.trials)
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      sliceStarted = performance.now()
    }
  }
  return summarizePartial(run.partial())
}

/** How long `simulateAsync` computes before it lets the event loop run. */
const SLICE_MS = 10

/** A partial run played a batch of blocks at a time into one accumulator. @internal */
export interface PartialRun {
  /** Plays these blocks (none played before); returns the trials they hold. */
  readonly play: (blocks: ReadonlyArray<number>) => number
  /** The partial summary of every block played so far. */
  readonly partial: () => PartialSummary
}

/**
 * Starts a partial run: blocks are played as they are handed in (by a worker, as the main thread shares
 * them out), into one accumulator and with one evaluator.
 * @internal
 */
export const startPartialRun = (
  scenario: Scenario,
  options: SimulateOptions,
  signal?: AbortSignal,
): PartialRun => {
  const resolved = simulateOptionsWithDefaults(options)
  const total = blockCount(resolved.trials)
  const accumulator = newAccumulator(scenario, resolved)
  const evaluator = createBlockEvaluator(compileScenario(scenario), signal === undefined ? {} : { signal })
  const played = new Set<number>()
  const order: number[] = []
  const play = (blocks: ReadonlyArray<number>): number => {
    let trials = 0
    for (const block of blocks) {
      if (!Number.isInteger(block) || block < 0 || block >= total)
        throw new RangeError(`block ${block} is outside [0, ${total}) for ${resolved.trials} trials`)
      if (played.has(block))
        throw new RangeError(`block ${block} is listed twice: each block can be run once`)
      played.add(block)
      order.push(block)
      const count = Math.min(BLOCK_SIZE, resolved.trials - block * BLOCK_SIZE)
      accumulator.addBlock(evaluator.evaluate(resolved.seed, block, count))
      trials += count
    }
    return trials
  }
  return { play, partial: () => ({ blocks: [...order], accumulator, scenario, options: resolved }) }
}

/**
 * Merges two partial summaries of the same run (neither is changed).
 * @param a - a partial summary
 * @param b - another, of other blocks of the same scenario, seed and trials
 * @returns their union
 * @throws Error when the partials belong to different runs or share a block
 * @example
 * import { decodeScenario, mergePartials, simulatePartial } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const a = simulatePartial(decoded.right, { trials: 3000 }, [0])
 * const b = simulatePartial(decoded.right, { trials: 3000 }, [1, 2])
 * mergePartials(a, b).blocks // => [0, 1, 2]
 * @since 0.1.0
 */
export const mergePartials = (a: PartialSummary, b: PartialSummary): PartialSummary => {
  if (a.scenario !== b.scenario && scenarioHash(a.scenario) !== scenarioHash(b.scenario))
    throw new Error('cannot merge partial summaries of different scenarios')
  if (
    a.options.seed !== b.options.seed ||
    a.options.trials !== b.options.trials ||
    a.options.drivers !== b.options.drivers
  )
    throw new Error('cannot merge partial summaries of runs with different seeds, trials or driver settings')
  const inA = new Set(a.blocks)
  const shared = b.blocks.filter((block) => inA.has(block))
  if (shared.length > 0) throw new Error(`cannot merge partial summaries that both hold block ${shared[0]}`)
  const merged = newAccumulator(a.scenario, a.options)
  merged.merge(a.accumulator)
  merged.merge(b.accumulator)
  return { blocks: [...a.blocks, ...b.blocks], accumulator: merged, scenario: a.scenario, options: a.options }
}

/**
 * The summary of a partial run (of all blocks, for a whole run).
 * @param partial - a partial summary
 * @returns the summary of the trials it holds
 * @example
 * import { decodeScenario, simulatePartial, summarizePartial } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * summarizePartial(simulatePartial(decoded.right, { trials: 3000 }, [2])).manifest.trials // => 3000 - 2 * 1024
 * @since 0.1.0
 */
export const summarizePartial = (partial: PartialSummary): Summary => partial.accumulator.finish()

/**
 * Runs a scenario: seeded Monte Carlo, each trial solved as a game. Pure and synchronous; memory does
 * not grow with the number of trials. Being synchronous, it sees its `signal` abort only from code that
 * runs inside it (its `onProgress`); for timers, use {@link simulateAsync}.
 * @param scenario - a decoded scenario
 * @param options - trials, seed, drivers, progress, signal
 * @returns the summary: shares with intervals, utilities, profiles, outcomes, parameters, drivers, manifest
 * @throws AbortedError when the signal aborts: nothing partial is returned
 * @example
 * import { decodeScenario, simulate } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'coin', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { bernoulli: 0.3 } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck - 0.5' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const summary = simulate(decoded.right, { trials: 20_000, seed: 1 })
 * Math.abs(summary.actors['me']!.options['go']!.share - 0.3) < 0.02 // => true
 * @since 0.1.0
 */
export const simulate = (scenario: Scenario, options: SimulateOptions = {}): Summary => {
  const resolved = simulateOptionsWithDefaults(options)
  const blocks = Array.from({ length: blockCount(resolved.trials) }, (_, b) => b)
  return summarizePartial(simulatePartial(scenario, options, blocks))
}
