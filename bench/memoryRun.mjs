// The memory run: case (b) with many trials, in its own process; prints its peak RSS as one JSON line.
// Usage: node bench/memoryRun.mjs [trials=100000000] (plain JavaScript on the built package: no TypeScript loader)
import { readFileSync } from 'node:fs'
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

/**
 * This process's peak resident memory in KB. On Linux, VmHWM of /proc/self/status: the peak of this
 * program alone. getrusage's maxRSS there also counts the parent's resident memory at the fork that
 * started this process (it survives exec), so a child of a large parent would report the parent's size.
 * Elsewhere, maxRSS.
 */
const peakKB = () => {
  try {
    const found = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (found !== null) return Number(found[1])
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS
}

process.stdout.write(
  `${JSON.stringify({
    trials: summary.manifest.trials,
    seconds,
    maxRSSKB: peakKB(),
  })}\n`,
)
