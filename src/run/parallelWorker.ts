// The worker side of simulateParallel: decodes the scenario it is sent, plays the batches of blocks the
// main thread hands it, one at a time, into one partial run, and posts back the partial summary as JSON
// when told to finish (or the error, at once).
import { parentPort } from 'node:worker_threads'
import type { Scenario } from '../model/scenarioSchema'
import type { AccumulatorData } from './internal/summaryAccumulator'
import { type PartialRun, startPartialRun } from './simulate'

/** What the main thread sends a worker: the run first, then batches of blocks, then `finish`. @internal */
export type WorkerTask =
  | {
      readonly kind: 'start'
      readonly scenario: Scenario
      readonly options: { readonly trials: number; readonly seed: string; readonly drivers: boolean }
    }
  | { readonly kind: 'blocks'; readonly blocks: ReadonlyArray<number> }
  | { readonly kind: 'finish' }

/** What a worker answers: a batch played (its trials), the partial summary, or an error. @internal */
export type WorkerReply =
  | { readonly kind: 'played'; readonly trials: number }
  | { readonly kind: 'partial'; readonly data: AccumulatorData }
  | { readonly kind: 'error'; readonly error: string }

let run: PartialRun | undefined

/**
 * Fault injection for the tests (docs/reliability.md): `STATECRAFT_TEST_WORKER_FAULT=MODE:N` makes this
 * worker fail at its N-th batch: `throw` (an error it reports), `crash` (an uncaught exception), `exit`
 * (the thread ends at once, as if killed), `hang` (it stops answering). Unset, it does nothing.
 */
const fault = (() => {
  const [mode, at] = (process.env['STATECRAFT_TEST_WORKER_FAULT'] ?? '').split(':')
  return mode === undefined || mode === '' ? undefined : { mode, at: Number(at ?? 1) }
})()
let batches = 0
/** Injects the fault at its batch; returns whether this batch must go unanswered (a crash is pending). */
const injectFault = (): boolean => {
  if (fault === undefined || ++batches !== fault.at) return false
  if (fault.mode === 'throw') throw new Error('injected fault: the worker threw')
  if (fault.mode === 'exit') process.exit(70)
  if (fault.mode === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
  if (fault.mode !== 'crash') return false
  setImmediate(() => {
    throw new Error('injected fault: the worker crashed')
  })
  return true
}

parentPort?.on('message', (task: WorkerTask) => {
  const reply = (message: WorkerReply) => parentPort?.postMessage(message)
  try {
    if (task.kind === 'start') {
      // The scenario `simulateParallel` was given, copied: used as it is, as `simulate` would use it.
      run = startPartialRun(task.scenario, task.options)
    } else if (run === undefined) throw new Error(`internal: '${task.kind}' before 'start'`)
    else if (task.kind === 'blocks') {
      if (injectFault()) return
      reply({ kind: 'played', trials: run.play(task.blocks) })
    } else {
      reply({ kind: 'partial', data: run.partial().accumulator.toJSON() })
      // The worker may be kept for another run: it starts again with the next 'start'.
      run = undefined
    }
  } catch (error) {
    reply({ kind: 'error', error: String((error as Error)?.stack ?? error) })
  }
})
