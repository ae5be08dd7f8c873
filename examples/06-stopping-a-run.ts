// Stopping long work: a time budget for a run, and what a stopped run tells you.
// Run with: npx tsx examples/06-stopping-a-run.ts   (after `npm run build`); also deno run, bun
import { AbortedError, simulateAsync } from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the flagship scenario is invalid')

// simulateAsync computes in slices of about 10 ms and lets timers run in between, so a timeout stops it.
// A stopped run returns nothing partial: it rejects with an AbortedError that says how far it got.
try {
  await simulateAsync(loaded.right, { trials: 100_000_000, seed: 42, signal: AbortSignal.timeout(300) })
  console.log('finished within the time budget')
} catch (error) {
  if (!(error instanceof AbortedError)) throw error
  console.log(`stopped by its time budget: ${error.name}, nothing partial returned`)
}

// A budget in trials: stop once 50,000 are done (the progress callback sees every slice).
const controller = new AbortController()
try {
  await simulateAsync(loaded.right, {
    trials: 100_000_000,
    seed: 42,
    signal: controller.signal,
    batchBlocks: 1,
    onProgress: (done) => {
      if (done >= 50_000) controller.abort(new Error('enough trials'))
    },
  })
} catch (error) {
  if (!(error instanceof AbortedError)) throw error
  console.log(`${error.message} (cause: ${(error.cause as Error).message})`)
}

// Within budget, the same call gives exactly what simulate gives.
const summary = await simulateAsync(loaded.right, {
  trials: 20_000,
  seed: 42,
  signal: AbortSignal.timeout(60_000),
})
console.log(
  `Pakistan joins in ${(100 * (summary.actors['pakistan']?.options['join']?.share ?? 0)).toFixed(1)}% of 20,000 trials`,
)
