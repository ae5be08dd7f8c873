// The memory run: case (b) with many trials, in its own process; prints its peak RSS as one JSON line.
// Usage: node bench/memoryRun.mjs [trials=100000000] (plain JavaScript on the built package: no TypeScript loader)
import { fileURLToPath } from 'node:url'
import { simulate } from '../dist/index.js'
import { loadScenario } from '../dist/node.js'

const trials = Number(process.argv[2] ?? 1e8)
if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be a whole number >= 1`)

const loaded = await loadScenario(fileURLToPath(new URL('./synthetic.yaml', import.meta.url)))
if (loaded._tag === 'Left') throw new Error(`bench/synthetic.yaml is invalid: ${JSON.stringify(loaded.left)}`)

let reported = 0
const start = performance.now()
const summary = simulate(loaded.right, {
  trials,
  seed: 'bench',
  drivers: false,
  onProgress: (done, total) => {
    const tenth = Math.floor((10 * done) / total)
    if (tenth > reported && tenth < 10) {
      reported = tenth
      process.stderr.write(`  memory run: ${tenth * 10}% of ${total.toLocaleString('en-US')} trials\n`)
    }
  },
})
const seconds = (performance.now() - start) / 1000

process.stdout.write(
  `${JSON.stringify({
    trials: summary.manifest.trials,
    seconds,
    maxRSSKB: process.resourceUsage().maxRSS,
  })}\n`,
)
