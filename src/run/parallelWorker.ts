// The worker side of simulateParallel: decodes the scenario it is sent, runs its blocks, and posts back
// the partial summary as JSON (or the error).
import { parentPort } from 'node:worker_threads'
import { decodeScenario } from '../model/decodeScenario'
import { partialToJson } from './partialSummaryJson'
import { simulatePartial } from './simulate'

/** What the main thread sends a worker. @internal */
export interface WorkerTask {
  readonly scenario: unknown
  readonly options: { readonly trials: number; readonly seed: string; readonly drivers: boolean }
  readonly blocks: ReadonlyArray<number>
}

parentPort?.once('message', (task: WorkerTask) => {
  try {
    const decoded = decodeScenario(task.scenario)
    if (decoded._tag === 'Left')
      throw new Error(`the scenario sent to the worker is invalid: ${JSON.stringify(decoded.left[0])}`)
    const partial = simulatePartial(decoded.right, task.options, task.blocks)
    parentPort?.postMessage({ ok: true, partial: partialToJson(partial) })
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) })
  }
})
