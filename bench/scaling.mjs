// Worker scaling on the built package (run `npm run build` first), side by side in one process:
//   node bench/scaling.mjs bench/synthetic.yaml 3000000
//   node bench/scaling.mjs scenarios/isf-pakistan.yaml 1000000
import { simulate } from '../dist/index.js'
import { loadScenario, simulateParallel } from '../dist/node.js'

const [file = 'bench/synthetic.yaml', count = '3000000', workerCount = '2'] = process.argv.slice(2)
const trials = Number(count)
const workers = Number(workerCount)
const loaded = await loadScenario(file)
if (loaded._tag === 'Left') throw new Error(`${file} is invalid`)
const scenario = loaded.right
simulate(scenario, { trials: 20_000, seed: 1, drivers: false })
const t0 = performance.now()
const single = simulate(scenario, { trials, seed: 7, drivers: false })
const t1 = performance.now()
const parallel = await simulateParallel(scenario, { trials, seed: 7, drivers: false, workers })
const t2 = performance.now()
const rate = (ms) => Math.round(trials / (ms / 1000)).toLocaleString('en-US')
console.log(
  `${file}, ${trials.toLocaleString('en-US')} trials: identical summaries: ${JSON.stringify(single) === JSON.stringify(parallel)}`,
)
console.log(`  1 thread:  ${rate(t1 - t0)} trials/s`)
console.log(`  ${workers} workers: ${rate(t2 - t1)} trials/s (${((t1 - t0) / (t2 - t1)).toFixed(2)}×)`)
