import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { isLeft } from 'fp-ts/lib/Either.js'
import { AbortedError, throwIfAborted } from '../engine/aborted'
import type { Scenario } from '../model/scenarioSchema'
import type { WorkerReply, WorkerTask } from './parallelWorker'
import { mergePartialJson, type PartialSummaryJson } from './partialSummaryJson'
import { blockCount, type SimulateOptions, simulateOptionsWithDefaults } from './simulate'
import type { Summary } from './summary'

/** Options of {@link simulateParallel}: those of `simulate`, and the workers. @since 0.1.0 */
export interface SimulateParallelOptions extends Omit<SimulateOptions, 'batchBlocks'> {
  /** Worker threads, or 'auto' for the available cores. @defaultValue 'auto' */
  readonly workers?: number | 'auto'
}

/** Batches per worker, at least: small enough that no worker idles long at the end of a run. */
const BATCHES_PER_WORKER = 16
/** Most blocks in a batch: a batch is also the grain of progress reports. */
const MAX_BATCH_BLOCKS = 32

/**
 * Starts a worker: the built worker script beside this module, or, when running from source (under
 * tsx, as in the tests), a bootstrap that registers tsx's loader and then imports the TypeScript worker.
 */
const startWorker = (): Worker => {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new Worker(new URL('./parallelWorker.js', here))
  const script = new URL('./parallelWorker.ts', here).href
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}) })`,
    { eval: true },
  )
}

/**
 * Runs a scenario on worker threads and resolves to a summary byte-identical to `simulate`'s: the blocks
 * are shared out, each worker returns exact partial statistics, and they are merged. A worker that fails
 * fails the run with its error; the other workers are stopped; no partial summary is passed off as whole.
 * @param scenario - a decoded scenario
 * @param options - trials, seed, drivers, workers
 * @returns the summary
 * @example
 * import { decodeScenario, simulate } from 'statecraft'
 * import { simulateParallel } from 'statecraft/node'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const parallel = await simulateParallel(decoded.right, { trials: 5000, seed: 3, workers: 2 })
 * JSON.stringify(parallel) === JSON.stringify(simulate(decoded.right, { trials: 5000, seed: 3 })) // => true
 * @since 0.1.0
 */
export const simulateParallel = async (
  scenario: Scenario,
  options: SimulateParallelOptions = {},
): Promise<Summary> => {
  const resolved = simulateOptionsWithDefaults(options)
  const requested = options.workers ?? 'auto'
  if (requested !== 'auto' && !(Number.isInteger(requested) && requested >= 1))
    throw new RangeError(`workers must be a whole number >= 1 or 'auto', got ${requested}`)
  const total = blockCount(resolved.trials)
  const count = Math.max(1, Math.min(total, requested === 'auto' ? availableParallelism() : requested))
  // Blocks are handed out in batches, in order, to whichever worker is free: a slower worker gets fewer.
  // Which worker plays which block does not matter: partial summaries merge exactly, in any order.
  const size = Math.max(1, Math.min(MAX_BATCH_BLOCKS, Math.ceil(total / (count * BATCHES_PER_WORKER))))
  let next = 0
  const nextBatch = (): number[] => {
    const from = next
    next = Math.min(total, next + size)
    return Array.from({ length: next - from }, (_, i) => from + i)
  }
  let done = 0
  const workers: Worker[] = []
  const stopAll = () => Promise.all(workers.map((worker) => worker.terminate()))
  const settings = { trials: resolved.trials, seed: resolved.seed, drivers: resolved.drivers }
  const signal = options.signal
  throwIfAborted(signal)
  // An abort rejects at once; the workers are terminated below, before the rejection reaches the caller.
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new AbortedError(
          `the run was aborted after ${done.toLocaleString('en-US')} of ${resolved.trials.toLocaleString('en-US')} trials`,
          { done, total: resolved.trials },
          { cause: signal?.reason },
        ),
      )
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  try {
    const all = Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<PartialSummaryJson>((resolve, reject) => {
            const worker = startWorker()
            workers.push(worker)
            running++
            worker.once('exit', () => {
              running--
            })
            let settled = false
            const send = (task: WorkerTask) => worker.postMessage(task)
            const fail = (message: string) => {
              settled = true
              reject(new Error(message))
            }
            worker.on('message', (reply: WorkerReply) => {
              if (reply.kind === 'error') return fail(`a worker failed: ${reply.error}`)
              if (reply.kind === 'partial') {
                settled = true
                return resolve(reply.partial)
              }
              done += reply.trials
              resolved.onProgress?.(done, resolved.trials)
              const batch = nextBatch()
              send(batch.length > 0 ? { kind: 'blocks', blocks: batch } : { kind: 'finish' })
            })
            worker.once('error', (error) => fail(`a worker failed: ${error.stack ?? error.message}`))
            worker.once('exit', (code) => {
              if (!settled) fail(`a worker stopped (exit code ${code}) before returning its blocks`)
            })
            send({ kind: 'start', scenario, options: settings })
            const batch = nextBatch()
            send(batch.length > 0 ? { kind: 'blocks', blocks: batch } : { kind: 'finish' })
          }),
      ),
    )
    const parts = await Promise.race([all, aborted])
    const merged = mergePartialJson(parts)
    if (isLeft(merged))
      throw new Error(`internal: the workers' partial summaries do not merge: ${merged.left}`)
    return merged.right.summary
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
    await stopAll()
  }
}

/** Worker threads of `simulateParallel` running now, in this thread: 0 whenever no run is under way. @internal */
export const runningWorkers = (): number => running
let running = 0
