// `npm run fuzz`: the fuzz properties of tests/internal/fuzz.ts over 100,000+ generated inputs (npm test runs
// a small share). Usage: npm run fuzz [-- --seed N] [-- --scale F]   (F multiplies every suite's runs)
// A failure prints fast-check's counterexample and replay seed, and exits 1.
import { fuzzSuites } from '../tests/internal/fuzz'

const argument = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i < 0 ? undefined : process.argv[i + 1]
}
const seed = Number(argument('--seed') ?? 20261121)
const scale = Number(argument('--scale') ?? 1)
if (!Number.isInteger(seed)) throw new RangeError(`--seed must be a whole number, got ${argument('--seed')}`)
if (!(scale > 0)) throw new RangeError(`--scale must be > 0, got ${argument('--scale')}`)

/** Runs per suite: 100,000 in all at scale 1, weighted toward the cheap suites. */
const RUNS: Record<string, number> = {
  'decoder: anything': 15_000,
  'decoder: JSON values': 20_000,
  'decoder: mutated scenarios': 15_000,
  'text: YAML': 10_000,
  'text: JSON': 10_000,
  'text: anything': 10_000,
  expressions: 20_000,
}

const suites = fuzzSuites(seed)
const rows: string[] = []
let total = 0
const started = performance.now()
for (const [name, run] of Object.entries(suites)) {
  const runs = Math.max(1, Math.round((RUNS[name] ?? 1000) * scale))
  process.stderr.write(`${name}: ${runs.toLocaleString('en-US')} inputs ...\n`)
  const stats = run(runs)
  total += stats.inputs
  rows.push(
    `| ${stats.name} | ${stats.inputs.toLocaleString('en-US')} | ${stats.accepted.toLocaleString('en-US')} | ${stats.rejected.toLocaleString('en-US')} | ${stats.slowest.toFixed(1)} |`,
  )
}
const seconds = (performance.now() - started) / 1000
process.stdout.write(
  [
    `fuzz: seed ${seed}, ${total.toLocaleString('en-US')} inputs in ${seconds.toFixed(0)} s; no throw, no hang, no prototype modified, every error path inside its input`,
    '',
    '| suite | inputs | accepted | rejected with errors | slowest input (ms) |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
)
