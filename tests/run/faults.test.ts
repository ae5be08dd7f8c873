import { afterEach, describe, expect, it } from 'vitest'
import { AbortedError } from '../../src/engine/aborted'
import type { Scenario } from '../../src/model/scenarioSchema'
import { loadScenario } from '../../src/node'
import { simulate, simulateAsync } from '../../src/run/simulate'
import {
  closeIdleWorkers,
  idleWorkers,
  runningWorkers,
  simulateParallel,
} from '../../src/run/simulateParallel'

// Faults and cancellation: a worker that throws, crashes, is killed or hangs makes the run fail with the
// cause (or, for a hang, lets the signal stop it); no partial summary comes back; no thread is left; an
// aborted run stops within 100 ms.

const load = async (file: string): Promise<Scenario> => {
  const loaded = await loadScenario(file)
  if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
  return loaded.right
}
const FAULT = 'STATECRAFT_TEST_WORKER_FAULT'

afterEach(() => {
  delete process.env[FAULT]
})

describe('a worker that fails mid-run', () => {
  const cases = [
    ['throw', /a worker failed: Error: injected fault: the worker threw/],
    ['crash', /a worker failed: Error: injected fault: the worker crashed/],
    ['exit', /a worker stopped \(exit code 70\) before returning its blocks/],
  ] as const
  for (const [mode, cause] of cases)
    it(`${mode}: the run fails with the cause, returns nothing, and leaves no thread`, async () => {
      const scenario = await load('scenarios/isf-pakistan.yaml')
      process.env[FAULT] = `${mode}:2`
      let summary: unknown
      await expect(
        (async () => {
          summary = await simulateParallel(scenario, { trials: 200_000, seed: 1, workers: 2 })
        })(),
      ).rejects.toThrow(cause)
      expect(summary).toBeUndefined()
      expect(runningWorkers()).toBe(0)
    }, 60_000)

  it('hangs: the signal stops the run, and the hung thread is terminated', async () => {
    const scenario = await load('scenarios/isf-pakistan.yaml')
    process.env[FAULT] = 'hang:2'
    const started = performance.now()
    await expect(
      simulateParallel(scenario, { trials: 200_000, seed: 1, workers: 2, signal: AbortSignal.timeout(3000) }),
    ).rejects.toBeInstanceOf(AbortedError)
    expect(performance.now() - started).toBeLessThan(30_000)
    expect(runningWorkers()).toBe(0)
  }, 60_000)
})

/** Milliseconds from the signal's abort to the run's rejection. */
const stopLatency = async (
  run: (signal: AbortSignal) => Promise<unknown>,
  after: number,
): Promise<number> => {
  const controller = new AbortController()
  let abortedAt = 0
  const timer = setTimeout(() => {
    abortedAt = performance.now()
    controller.abort(new Error('enough'))
  }, after)
  try {
    await run(controller.signal)
    throw new Error('the run finished before the abort')
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error
    expect(error.cause).toEqual(new Error('enough'))
    expect(error.progress!.done).toBeLessThan(error.progress!.total)
    return performance.now() - abortedAt
  } finally {
    clearTimeout(timer)
  }
}

describe('cancellation', () => {
  it('simulateAsync stops within 100 ms, on the columnar path and the trial-by-trial one', async () => {
    const flagship = await load('scenarios/isf-pakistan.yaml')
    const coalition = await load('scenarios/isf-coalition.yaml')
    const fast = await stopLatency((signal) => simulateAsync(flagship, { trials: 1e8, signal }), 300)
    const slow = await stopLatency((signal) => simulateAsync(coalition, { trials: 1e6, signal }), 300)
    expect(fast).toBeLessThan(100)
    expect(slow).toBeLessThan(100)
  }, 60_000)

  it('simulateParallel stops within 100 ms and leaves no worker, none kept for the next run', async () => {
    const flagship = await load('scenarios/isf-pakistan.yaml')
    await closeIdleWorkers()
    const latency = await stopLatency(
      (signal) => simulateParallel(flagship, { trials: 1e8, workers: 2, signal }),
      2500,
    )
    expect(latency).toBeLessThan(100)
    expect(runningWorkers()).toBe(0)
    // An aborted run's workers are ended, not pooled (pooling is on: no fault is injected here).
    expect(idleWorkers()).toBe(0)
  }, 60_000)

  it('simulate stops within a block when its signal aborts while it runs', () => {
    const controller = new AbortController()
    let abortedAt = 0
    const run = () =>
      simulate(decodedTiny, {
        trials: 1e7,
        batchBlocks: 1,
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 50 * 1024 && abortedAt === 0) {
            abortedAt = performance.now()
            controller.abort()
          }
        },
      })
    expect(run).toThrow(/the run was aborted after 51,200 of 10,000,000 trials/)
    expect(performance.now() - abortedAt).toBeLessThan(100)
  })

  it('a signal aborted before the start stops at once', async () => {
    const flagship = await load('scenarios/isf-pakistan.yaml')
    const signal = AbortSignal.abort()
    expect(() => simulate(flagship, { trials: 1000, signal })).toThrow(AbortedError)
    await expect(simulateAsync(flagship, { trials: 1000, signal })).rejects.toThrow(AbortedError)
    await expect(simulateParallel(flagship, { trials: 1000, signal })).rejects.toThrow(AbortedError)
    expect(runningWorkers()).toBe(0)
  })
})

const decodedTiny = await load('scenarios/classics/prisoners-dilemma.yaml')
