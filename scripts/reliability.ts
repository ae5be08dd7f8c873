// Figures for docs/reliability.md: how soon an aborted run stops, and what each injected worker fault gives.
// Usage: npx tsx scripts/reliability.ts   (run it on an idle machine: stop times include its load)
import type { Scenario } from '../src/index'
import { AbortedError, simulate, simulateAsync } from '../src/index'
import { loadScenario } from '../src/node'
import { runningWorkers, simulateParallel } from '../src/run/simulateParallel'

const load = async (file: string): Promise<Scenario> => {
  const loaded = await loadScenario(file)
  if (loaded._tag === 'Left') throw new Error(`${file} is invalid`)
  return loaded.right
}
const flagship = await load('scenarios/isf-pakistan.yaml')
const coalition = await load('scenarios/isf-coalition.yaml')

/** Milliseconds from the abort to the rejection, `repeats` times. */
const stopTimes = async (run: (signal: AbortSignal) => Promise<unknown>, after: number, repeats: number) => {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const controller = new AbortController()
    let abortedAt = 0
    const timer = setTimeout(() => {
      abortedAt = performance.now()
      controller.abort()
    }, after)
    try {
      await run(controller.signal)
      throw new Error('finished before the abort')
    } catch (error) {
      if (!(error instanceof AbortedError)) throw error
      times.push(performance.now() - abortedAt)
    } finally {
      clearTimeout(timer)
    }
  }
  return times.sort((a, b) => a - b)
}
const describe = (times: number[]) =>
  `median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (${times.length} runs)`

const lines: string[] = ['| what | stop time after the abort |', '|---|---|']
lines.push(
  `| simulateAsync, flagship (columnar player) | ${describe(await stopTimes((signal) => simulateAsync(flagship, { trials: 1e8, signal }), 300, 10))} |`,
)
lines.push(
  `| simulateAsync, coalition (trial by trial, about 1 ms per trial) | ${describe(await stopTimes((signal) => simulateAsync(coalition, { trials: 1e7, signal }), 300, 10))} |`,
)
lines.push(
  `| simulateParallel, flagship, 2 workers | ${describe(await stopTimes((signal) => simulateParallel(flagship, { trials: 1e8, workers: 2, signal }), 2000, 5))} |`,
)
const syncTimes: number[] = []
for (let i = 0; i < 10; i++) {
  const controller = new AbortController()
  let abortedAt = 0
  try {
    simulate(flagship, {
      trials: 1e8,
      batchBlocks: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 100_000 && abortedAt === 0) {
          abortedAt = performance.now()
          controller.abort()
        }
      },
    })
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error
    syncTimes.push(performance.now() - abortedAt)
  }
}
lines.push(`| simulate, aborted from onProgress | ${describe(syncTimes.sort((a, b) => a - b))} |`)
lines.push(`| worker threads left running afterwards | ${runningWorkers()} |`)

lines.push('', '| injected worker fault | the run | threads left |', '|---|---|---|')
for (const mode of ['throw', 'crash', 'exit', 'hang']) {
  process.env['STATECRAFT_TEST_WORKER_FAULT'] = `${mode}:2`
  const started = performance.now()
  let outcome: string
  try {
    await simulateParallel(flagship, {
      trials: 300_000,
      workers: 2,
      ...(mode === 'hang' ? { signal: AbortSignal.timeout(2000) } : {}),
    })
    outcome = 'COMPLETED (should have failed)'
  } catch (error) {
    outcome = `${(error as Error).name}: ${(error as Error).message.split('\n')[0]!.slice(0, 90)}`
  }
  lines.push(
    `| ${mode} at batch 2 | fails after ${(performance.now() - started).toFixed(0)} ms: ${outcome} | ${runningWorkers()} |`,
  )
  delete process.env['STATECRAFT_TEST_WORKER_FAULT']
}
process.stdout.write(`${lines.join('\n')}\n`)
