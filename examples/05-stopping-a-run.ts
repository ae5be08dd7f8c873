// Stopping long work: a time budget for a run, and what a stopped run tells you.
// Run with: npx tsx examples/05-stopping-a-run.ts   (after `npm run build`)
import { AbortedError, simulateAsync } from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the flagship scenario is invalid')

// simulateAsync computes in slices of about 10 ms and lets timers run in between, so a timeout can stop it.
// A stopped run returns nothing partial: it rejects with an AbortedError that says how far it got.
try {
  await simulateAsync(loaded.right, { trials: 100_000_000, seed: 42, signal: AbortSignal.timeout(500) })
  console.log('finished within half a second')
} catch (error) {
  if (!(error instanceof AbortedError)) throw error
  console.log(`${error.name}: ${error.message}`)
  console.log(
    `done ${error.progress?.done.toLocaleString('en-US')} of ${error.progress?.total.toLocaleString('en-US')} trials`,
  )
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
