// The benchmark: `npm run bench` (builds, then runs tsx bench/run.ts), or `npm run bench -- --quick` for a fast check.
// Every case side by side in one run; prints a table and writes bench/results.json. See bench/README.md.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
// The built package, as users import it (`npm run bench` builds first): its workers start from built files.
import type { Scenario, SimulateOptions, Summary } from '../dist/index.js'
import * as statecraft from '../dist/index.js'
import * as statecraftNode from '../dist/node.js'
import { loadScenario } from '../dist/node.js'
import { limitRun, UNIFORMS_PER_TRIAL } from './limit'
import { type Measurement, measure } from './measure'
import { plainRun } from './plain'
import { squiggleRun } from './squiggle'

// settings

const QUICK = process.argv.includes('--quick')
/** --quick divides every trial count (and the shortest run) by this. */
const QUICK_DIVISOR = 20
const REPEATS = 5
const MIN_SECONDS = QUICK ? 0.5 / QUICK_DIVISOR : 0.5
const SEED = 'bench'
const root = fileURLToPath(new URL('..', import.meta.url))
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

const memoryTrials = (() => {
  const fromEnv = process.env['BENCH_MEMORY_TRIALS']
  const trials = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : QUICK ? 1e6 : 1e8
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`BENCH_MEMORY_TRIALS must be a whole number >= 1, got ${fromEnv}`)
  return trials
})()

/** Starting trial counts (full mode), raised by calibration until a run takes >= MIN_SECONDS. */
const startTrials = (full: number): number => (QUICK ? Math.max(1, Math.round(full / QUICK_DIVISOR)) : full)

type SimulateParallel = (
  scenario: Scenario,
  options: SimulateOptions & { readonly workers?: number },
) => Promise<Summary>

// helpers

const load = async (file: string): Promise<Scenario> => {
  const loaded = await loadScenario(file)
  if (loaded._tag === 'Left')
    throw new Error(`${file}: ${loaded.left.map((e) => statecraft.formatScenarioError(e)).join('\n')}`)
  return loaded.right
}

const log = (line: string) => process.stderr.write(`${line}\n`)
const int = (x: number) => Math.round(x).toLocaleString('en-US')
const short = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(1)

interface CaseResult {
  readonly id: string
  readonly label: string
  readonly note: string
  readonly measurement?: Measurement
  readonly skipped?: string
}

const cases: CaseResult[] = []

const runCase = async (
  id: string,
  label: string,
  note: string,
  run: (trials: number) => unknown,
  options: { trials: number; step?: number; maxTrials?: number },
): Promise<Measurement> => {
  // A clean heap for each case (node --expose-gc, as npm run bench starts it): no case pays for the
  // garbage of the one before.
  ;(globalThis as { gc?: () => void }).gc?.()
  log(`${id} ${label} ...`)
  const measurement = await measure(run, {
    trials: startTrials(options.trials),
    repeats: REPEATS,
    minSeconds: MIN_SECONDS,
    ...(options.step === undefined ? {} : { step: options.step }),
    ...(options.maxTrials === undefined ? {} : { maxTrials: options.maxTrials }),
  })
  log(`   ${int(measurement.trials)} trials/run, median ${int(measurement.median)} trials/s`)
  cases.push({ id, label, note, measurement })
  return measurement
}

// the cases

const synthetic = await load(here('./synthetic.yaml'))
const flagship = await load(`${root}scenarios/isf-pakistan.yaml`)
const coalition = await load(`${root}scenarios/isf-coalition.yaml`)

let sink = 0 // keeps (a)'s sums alive
const a = await runCase(
  '(a)',
  `limit: ${UNIFORMS_PER_TRIAL} alea uniforms/trial, no model`,
  `one seedrandom.alea generator, ${UNIFORMS_PER_TRIAL} uniforms per trial (20 parameters + 5 logit choices), summed`,
  (trials) => {
    sink += limitRun(trials)
  },
  { trials: 4_000_000 },
)

let lastB: Summary | undefined
const b = await runCase(
  '(b)',
  'statecraft simulate, synthetic (drivers off)',
  'simulate(synthetic.yaml, { trials, seed, drivers: false }); scenario loaded once, outside the timing',
  (trials) => {
    lastB = statecraft.simulate(synthetic, { trials, seed: SEED, drivers: false })
  },
  { trials: 300_000, step: 1024 },
)

let lastC: ReturnType<typeof plainRun> | undefined
const c = await runCase(
  '(c)',
  'plain TypeScript, same model',
  'objects per trial, inverse-CDF triangular, Box-Muller normal (2 uniforms: 35 per trial), Math.exp logit',
  (trials) => {
    lastC = plainRun(trials)
  },
  { trials: 200_000 },
)

const flagshipOff = await runCase(
  '(e1)',
  'statecraft, flagship isf-pakistan (drivers off)',
  'simulate(isf-pakistan.yaml, { drivers: false })',
  (trials) => statecraft.simulate(flagship, { trials, seed: SEED, drivers: false }),
  { trials: 60_000, step: 1024 },
)
await runCase(
  '(e2)',
  'statecraft, flagship isf-pakistan (drivers on)',
  'simulate(isf-pakistan.yaml, { drivers: true }): the default',
  (trials) => statecraft.simulate(flagship, { trials, seed: SEED, drivers: true }),
  { trials: 60_000, step: 1024 },
)
await runCase(
  '(e3)',
  'statecraft, coalition isf-coalition (drivers off)',
  'simulate(isf-coalition.yaml, { drivers: false })',
  (trials) => statecraft.simulate(coalition, { trials, seed: SEED, drivers: false }),
  { trials: 1024, step: 1024 },
)

const simulateParallel: unknown = statecraftNode.simulateParallel
let f: Measurement | undefined
let fCold: Measurement | undefined
let parallelNote = ''
if (typeof simulateParallel === 'function') {
  const parallel = simulateParallel as SimulateParallel
  try {
    // Same result as simulate? (a small run; a mismatch is reported, not fatal)
    const check = { trials: 10 * 1024 + 17, seed: SEED, drivers: false }
    const same =
      JSON.stringify(await parallel(synthetic, { ...check, workers: 2 })) ===
      JSON.stringify(statecraft.simulate(synthetic, check))
    parallelNote = same ? 'summary identical to simulate' : 'summary DIFFERS from simulate'
    f = await runCase(
      '(f)',
      '(b) with simulateParallel, 2 workers',
      `simulateParallel(synthetic.yaml, { trials, seed, workers: 2, drivers: false }); ${parallelNote}`,
      (trials) => parallel(synthetic, { trials, seed: SEED, drivers: false, workers: 2 }),
      // Calls after the first take the two workers the call before kept, warm, as repeated calls in one
      // process do. Runs of millions of trials, as workers are meant for. The quick mode divides by 20.
      { trials: QUICK ? 200_000 : 4_000_000, step: 1024 },
    )
    // The same with cold workers: each call first ends the kept ones, so it starts two new workers that
    // load the package and warm up, as the first call of a process does.
    const close = statecraftNode.closeIdleWorkers as (() => Promise<void>) | undefined
    if (close !== undefined)
      fCold = await runCase(
        '(f0)',
        '(b) with simulateParallel, 2 cold workers',
        'closeIdleWorkers() then simulateParallel(...) as (f): every call starts its workers anew',
        async (trials) => {
          await close()
          return parallel(synthetic, { trials, seed: SEED, drivers: false, workers: 2 })
        },
        { trials: QUICK ? 200_000 : 4_000_000, step: 1024 },
      )
    await close?.()
  } catch (error) {
    parallelNote = `failed: ${(error as Error).message}`
    cases.push({ id: '(f)', label: '(b) with simulateParallel, 2 workers', note: '', skipped: parallelNote })
  }
} else {
  parallelNote = 'not available yet'
  cases.push({ id: '(f)', label: '(b) with simulateParallel, 2 workers', note: '', skipped: parallelNote })
}

// Squiggle last: it keeps every sample in memory, and the garbage it leaves would slow the cases after it.
let lastD: Awaited<ReturnType<typeof squiggleRun>> | undefined
const d = await runCase(
  '(d)',
  'Squiggle (@quri/squiggle-lang), same model',
  'sampleCount = trials of the run; only run(code) is timed; at most 500,000 samples (all kept in memory)',
  async (trials) => {
    lastD = await squiggleRun(trials)
  },
  { trials: 50_000, maxTrials: 500_000 },
)

// agreement: (b), (c) and (d) compute the same model, so their shares agree within sampling error

const shareDifferences = (() => {
  if (lastB === undefined || lastC === undefined || lastD === undefined) return undefined
  let bc = 0
  let bd = 0
  for (const [actor, summary] of Object.entries(lastB.actors))
    for (const [option, o] of Object.entries(summary.options)) {
      bc = Math.max(bc, Math.abs(o.share - (lastC[actor]?.[option]?.share ?? Number.NaN)))
      bd = Math.max(bd, Math.abs(o.share - (lastD[actor]?.[option]?.share ?? Number.NaN)))
    }
  // 5 standard errors of a share near 1/2 at the smallest of the sample sizes compared
  const tolerance = 5 * Math.sqrt(0.25 / Math.min(b.trials, c.trials, d.trials))
  return { bVersusC: bc, bVersusD: bd, tolerance, pass: bc <= tolerance && bd <= tolerance }
})()

// memory: case (b) with many trials in a child process

const memoryRun = (trials: number) => {
  const child = spawnSync(process.execPath, [here('./memoryRun.mjs'), String(trials)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  })
  const line = child.stdout.trim().split('\n').at(-1) ?? ''
  if (child.status !== 0 || line === '')
    throw new Error(`memory run of ${trials} trials failed (exit ${child.status}): ${child.stdout}`)
  const parsed = JSON.parse(line) as { trials: number; seconds: number; maxRSSKB: number }
  return { trials: parsed.trials, seconds: parsed.seconds, peakRssMB: parsed.maxRSSKB / 1024 }
}
log(`memory run of ${int(memoryTrials)} trials (child process) ...`)
const memory = memoryRun(memoryTrials)
const memoryBaseline = memoryRun(1024)

// ratios and targets

interface Check {
  readonly name: string
  readonly value: number | undefined
  readonly target: number
  /** 'min': value must be >= target; 'max': <= target. */
  readonly kind: 'min' | 'max'
  readonly unit: string
  readonly note?: string
}

const ratio = (x: Measurement | undefined, y: Measurement | undefined) =>
  x === undefined || y === undefined ? undefined : x.median / y.median

const checks: Check[] = [
  { name: 'b/a (statecraft / limit)', value: ratio(b, a), target: 0.25, kind: 'min', unit: '×' },
  { name: 'b (statecraft, synthetic)', value: b.median, target: 1.2e6, kind: 'min', unit: 'trials/s' },
  { name: 'b/c (statecraft / plain TS)', value: ratio(b, c), target: 8, kind: 'min', unit: '×' },
  { name: 'b/d (statecraft / Squiggle)', value: ratio(b, d), target: 20, kind: 'min', unit: '×' },
  {
    name: 'flagship (drivers off)',
    value: flagshipOff.median,
    target: 3e5,
    kind: 'min',
    unit: 'trials/s',
  },
  {
    name: 'f/b (2 workers / 1)',
    value: ratio(f, b),
    target: 1.8,
    kind: 'min',
    unit: '×',
    ...(f === undefined ? { note: parallelNote } : {}),
  },
  {
    name: `peak RSS, ${short(memory.trials)} trials of (b)`,
    value: memory.peakRssMB,
    target: 150,
    kind: 'max',
    unit: 'MB',
    ...(memory.trials < 1e8 ? { note: 'fewer than the 10^8 trials of the target' } : {}),
  },
]

const verdict = (check: Check): 'PASS' | 'FAIL' | 'SKIP' =>
  check.value === undefined
    ? 'SKIP'
    : (check.kind === 'min' ? check.value >= check.target : check.value <= check.target)
      ? 'PASS'
      : 'FAIL'

// report

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  totalMemoryBytes: os.totalmem(),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
}

const pad = (text: string, width: number) => text.padEnd(width)
const lpad = (text: string, width: number) => text.padStart(width)
const lines: string[] = []
lines.push(
  `statecraft benchmark${QUICK ? ' --quick' : ''}: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`,
  `median of ${REPEATS} timed runs after warm-up; each run >= ${MIN_SECONDS} s; spread is min - max`,
)
if (QUICK)
  lines.push(
    `--quick: starting trial counts and the shortest run / ${QUICK_DIVISOR}: a smoke check. Short runs weigh`,
    'fixed costs (compiling, Squiggle parsing, warm-up) more; judge the targets on a full run (npm run bench).',
  )
// Listed by id, whatever order they ran in.
cases.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
lines.push('', `${pad('case', 54)}${lpad('trials/run', 12)}${lpad('trials/s', 13)}  spread (trials/s)`)
for (const entry of cases) {
  const m = entry.measurement
  lines.push(
    m === undefined
      ? `${pad(`${entry.id} ${entry.label}`, 54)}${lpad('-', 12)}${lpad('-', 13)}  ${entry.skipped ?? ''}`
      : `${pad(`${entry.id} ${entry.label}`, 54)}${lpad(int(m.trials), 12)}${lpad(int(m.median), 13)}  ` +
          `${short(m.min)} - ${short(m.max)}`,
  )
}
lines.push('', `${pad('check', 38)}${lpad('measured', 18)}${lpad('target', 22)}  result`)
for (const check of checks) {
  const show = (x: number) => (check.unit === '×' ? `${x.toFixed(2)}×` : `${short(x)} ${check.unit}`)
  const value = check.value === undefined ? 'n/a' : show(check.value)
  const target = `${check.kind === 'min' ? '>=' : '<='} ${show(check.target)}`
  lines.push(
    `${pad(check.name, 38)}${lpad(value, 18)}${lpad(target, 22)}  ${verdict(check)}` +
      (check.note === undefined ? '' : ` (${check.note})`),
  )
}
lines.push(
  '',
  `(a) draws ${UNIFORMS_PER_TRIAL} uniforms per trial, as many as (b) draws: 20 parameters + 5 logit choices.`,
  '(b), (e1), (e3), (f), (f0): drivers off. (c) draws 35 uniforms (Box-Muller takes 2 per normal).',
  '(f): workers kept warm from the call before; (f0): new workers every call' +
    (fCold === undefined ? '.' : ` (f0/b ${ratio(fCold, b)!.toFixed(2)}×).`),
  '(d): Squiggle sampleCount = the trials of each run; its trials/s is at that count.',
  `memory: peak RSS ${memory.peakRssMB.toFixed(1)} MB for ${int(memory.trials)} trials ` +
    `(${memory.seconds.toFixed(1)} s); ${memoryBaseline.peakRssMB.toFixed(1)} MB for 1,024 trials ` +
    '(node and the library).',
)
if (shareDifferences !== undefined)
  lines.push(
    `agreement: max |share difference| b-c ${shareDifferences.bVersusC.toFixed(4)}, ` +
      `b-d ${shareDifferences.bVersusD.toFixed(4)} (tolerance ${shareDifferences.tolerance.toFixed(4)}): ` +
      (shareDifferences.pass ? 'same model' : 'MODELS DIFFER'),
  )
process.stdout.write(`${lines.join('\n')}\n`)

const results = {
  mode: QUICK ? 'quick' : 'full',
  date: new Date().toISOString(),
  machine,
  settings: {
    repeats: REPEATS,
    warmUp: 'calibration runs, then 1 warm-up run at the final trial count',
    minSecondsPerRun: MIN_SECONDS,
    quickDivisor: QUICK ? QUICK_DIVISOR : 1,
    uniformsPerTrialInLimit: UNIFORMS_PER_TRIAL,
    seed: SEED,
  },
  cases: cases.map((entry) => ({
    id: entry.id,
    label: entry.label,
    note: entry.note,
    ...(entry.skipped === undefined ? {} : { skipped: entry.skipped }),
    ...(entry.measurement === undefined
      ? {}
      : {
          trialsPerRun: entry.measurement.trials,
          samplesTrialsPerSecond: entry.measurement.samples,
          secondsPerRun: entry.measurement.seconds,
          medianTrialsPerSecond: entry.measurement.median,
          spread: { min: entry.measurement.min, max: entry.measurement.max },
        }),
  })),
  ratios: {
    'b/a': ratio(b, a) ?? null,
    'b/c': ratio(b, c) ?? null,
    'b/d': ratio(b, d) ?? null,
    'f/b': ratio(f, b) ?? null,
    'f0/b': ratio(fCold, b) ?? null,
  },
  targets: checks.map((check) => ({
    name: check.name,
    value: check.value ?? null,
    target: check.target,
    kind: check.kind === 'min' ? '>=' : '<=',
    unit: check.unit,
    result: verdict(check),
    ...(check.note === undefined ? {} : { note: check.note }),
  })),
  memory: {
    trials: memory.trials,
    peakRssMB: memory.peakRssMB,
    seconds: memory.seconds,
    baselineTrials: memoryBaseline.trials,
    baselinePeakRssMB: memoryBaseline.peakRssMB,
  },
  agreement: shareDifferences ?? null,
  limitSum: sink,
}
writeFileSync(here('./results.json'), `${JSON.stringify(results, null, 2)}\n`)
log(`wrote bench/results.json`)
