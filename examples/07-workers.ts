// Every core: the same run on worker threads, byte-identical to the single-threaded one.
// Run with: npx tsx examples/07-workers.ts   (after `npm run build`); also deno run, bun
import { simulate } from 'statecraft'
import { closeIdleWorkers, loadScenario, simulateParallel } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the flagship scenario is invalid')
const scenario = loaded.right

// Blocks of 1,024 trials are shared out to the workers as they free up; each returns exact partial
// statistics, and the merge is exact, so the summary is the single-threaded one, byte for byte.
const options = { trials: 200_000, seed: 42 }
const parallel = await simulateParallel(scenario, { ...options, workers: 2 })
const single = simulate(scenario, options)
console.log(`2 workers, ${parallel.manifest.trials.toLocaleString('en-US')} trials`)
console.log(`byte-identical to simulate: ${JSON.stringify(parallel) === JSON.stringify(single)}`)

// The workers stay, idle and unreferenced, for the next call, which starts warm. They never
// keep the process alive; closeIdleWorkers ends them when no more parallel runs are coming.
const again = await simulateParallel(scenario, { ...options, seed: 43, workers: 2 })
const pakistan = again.actors['pakistan']!
for (const [option, o] of Object.entries(pakistan.options))
  console.log(`  pakistan ${option.padEnd(12)} ${(100 * o.share).toFixed(1)}%`)
await closeIdleWorkers()
