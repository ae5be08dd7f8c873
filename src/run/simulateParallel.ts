import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { AbortedError, throwIfAborted } from '../engine/aborted'
import type { Scenario } from '../model/scenarioSchema'
import type { AccumulatorData } from './internal/summaryAccumulator'
import type { WorkerReply, WorkerTask } from './parallelWorker'
import { blockCount, newAccumulator, type SimulateOptions, simulateOptionsWithDefaults } from './simulate'
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

// The pool. A run's workers are kept after it succeeds, idle and unreferenced (so they never keep a process
// alive, under Node, Deno and Bun alike), and the next run takes them warm: their JIT has already compiled
// the engine. A run that fails or is aborted terminates its workers instead. Runs with an injected fault
// start fresh workers (the fault is read when a worker starts).

const FAULT_VARIABLE = 'STATECRAFT_TEST_WORKER_FAULT'
const idle: Worker[] = []
/** Workers whose thread has ended: never kept, never taken. */
const ended = new WeakSet<Worker>()
let live = 0
let started = 0

const pooling = (): boolean => process.env[FAULT_VARIABLE] === undefined

/** A worker for a run: a warm one from the pool, or a new one. */
const acquireWorker = (): Worker => {
  // A run with an injected fault needs workers that read it: new ones.
  const kept = pooling() ? idle.pop() : undefined
  if (kept !== undefined) {
    kept.ref()
    return kept
  }
  const worker = startWorker()
  live++
  started++
  // For the worker's life: an end is counted, and takes it out of the pool if it was idle.
  worker.once('exit', () => {
    live--
    ended.add(worker)
    const at = idle.indexOf(worker)
    if (at >= 0) idle.splice(at, 1)
  })
  // An 'error' is reported by the run's own listener while a run has the worker. Outside one (idle, or
  // after its run failed), this keeps it from being thrown in this thread; the worker then ends.
  worker.on('error', () => {})
  return worker
}

/** After a run that succeeded: back to the pool, or terminated when there is no pool or it is full. */
const releaseWorker = async (worker: Worker): Promise<void> => {
  // A worker that ended after its last reply (its 'exit' already came) is not kept.
  if (ended.has(worker)) return
  if (!pooling() || idle.length >= availableParallelism()) {
    await worker.terminate()
    return
  }
  worker.unref()
  idle.push(worker)
}

/**
 * Ends the idle workers that {@link simulateParallel} keeps for the next run. They never keep a process
 * alive, but each holds its own heap: call this when no more parallel runs are coming in a long-lived
 * process.
 * @returns when every idle worker has ended
 * @example
 * import { decodeScenario } from 'statecraft'
 * import { closeIdleWorkers, simulateParallel } from 'statecraft/node'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const first = await simulateParallel(decoded.right, { trials: 4096, seed: 1, workers: 2 })
 * // The second call takes the workers the first one kept.
 * const again = await simulateParallel(decoded.right, { trials: 4096, seed: 1, workers: 2 })
 * JSON.stringify(again) === JSON.stringify(first) // => true
 * await closeIdleWorkers() // => undefined
 * @since 0.1.0
 */
export const closeIdleWorkers = async (): Promise<void> => {
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()))
}

/**
 * Runs a scenario on worker threads and resolves to a summary byte-identical to `simulate`'s: the blocks
 * are shared out, each worker returns exact partial statistics, and they are merged. A worker that fails
 * fails the run with its error; the other workers are stopped; no partial summary is passed off as whole.
 * The workers are then kept, idle and unreferenced, for the next call ({@link closeIdleWorkers} ends
 * them); a run that fails or is aborted ends its workers.
 * @param scenario - a decoded scenario
 * @param options - trials, seed, drivers, workers
 * @returns the summary
 * @throws (as a rejection) what `simulate` throws for a scenario it cannot run, before any worker starts;
 * the error of a worker that fails; AbortedError when the signal aborts
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
  /** Each worker's listeners for this run, removed when the workers go back to the pool. */
  const detach: Array<() => void> = []
  let succeeded = false
  const settings = { trials: resolved.trials, seed: resolved.seed, drivers: resolved.drivers }
  // The run's accumulator, here: the workers' statistics are added into it at the end. Made first, so a
  // scenario `simulate` could not run fails here, with `simulate`'s error, before any worker starts.
  const whole = newAccumulator(scenario, resolved)
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
          new Promise<AccumulatorData>((resolve, reject) => {
            const worker = acquireWorker()
            workers.push(worker)
            let settled = false
            const send = (task: WorkerTask) => worker.postMessage(task)
            const fail = (message: string) => {
              settled = true
              reject(new Error(message))
            }
            const onMessage = (reply: WorkerReply) => {
              if (reply.kind === 'error') return fail(`a worker failed: ${reply.error}`)
              if (reply.kind === 'partial') {
                settled = true
                return resolve(reply.data)
              }
              done += reply.trials
              resolved.onProgress?.(done, resolved.trials)
              const batch = nextBatch()
              send(batch.length > 0 ? { kind: 'blocks', blocks: batch } : { kind: 'finish' })
            }
            const onError = (error: Error) => fail(`a worker failed: ${error.stack ?? error.message}`)
            const onExit = (code: number) => {
              if (!settled) fail(`a worker stopped (exit code ${code}) before returning its blocks`)
            }
            worker.on('message', onMessage)
            worker.once('error', onError)
            worker.once('exit', onExit)
            detach.push(() => {
              worker.off('message', onMessage)
              worker.off('error', onError)
              worker.off('exit', onExit)
            })
            send({ kind: 'start', scenario, options: settings })
            const batch = nextBatch()
            send(batch.length > 0 ? { kind: 'blocks', blocks: batch } : { kind: 'finish' })
          }),
      ),
    )
    const parts = await Promise.race([all, aborted])
    // The workers' statistics, added into the run's empty accumulator: exact sums and
    // counts, so the order does not matter. They were made in this process from this very scenario, so
    // they are not decoded and checked as `mergePartialJson` checks a shard's file.
    const played = parts.reduce((trials, data) => trials + data.trials, 0)
    if (played !== resolved.trials)
      throw new Error(`internal: the workers returned ${played} of ${resolved.trials} trials`)
    for (const data of parts) whole.mergeData(data)
    succeeded = true
    return whole.finish()
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
    for (const undo of detach) undo()
    await Promise.all(workers.map((worker) => (succeeded ? releaseWorker(worker) : worker.terminate())))
  }
}

/**
 * Worker threads of `simulateParallel` alive in this thread and not idle in the pool: 0 whenever no run
 * is under way.
 * @internal
 */
export const runningWorkers = (): number => live - idle.length

/** Idle workers kept for the next run. @internal */
export const idleWorkers = (): number => idle.length

/** The idle workers themselves, for tests that end one behind the pool's back. @internal */
export const idleWorkerThreads = (): ReadonlyArray<Worker> => [...idle]

/** Workers started in this thread so far. @internal */
export const workersStarted = (): number => started
