// The benchmark: `npm run bench` (builds, then runs tsx bench/run.ts), or `npm run bench -- --quick` for a fast check.
// Every case side by side in one run; prints a table and writes bench/results.json. See bench/README.md.
// Each case runs in its own process (bench/caseProcess.ts); after calibrating them all, every round times
// each case once, so the ratios are taken round by round between runs seconds apart.
import { type ChildProcess, fork, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { BENCH_LOADER, CASES, type CaseDefinition, QUICK_DIVISOR, SEED, type Shares } from './cases'
import { UNIFORMS_PER_TRIAL } from './limit'
import { type Measurement, type PairedRatio, pairedRatio, summarize } from './measure'

// settings

const QUICK = process.argv.includes('--quick')
/** Rounds: each times every case once. */
const REPEATS = 7
const MIN_SECONDS = QUICK ? 0.5 / QUICK_DIVISOR : 0.5
const root = fileURLToPath(new URL('..', import.meta.url))
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

const memoryTrials = (() => {
  const fromEnv = process.env['BENCH_MEMORY_TRIALS']
  const trials = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : QUICK ? 1e6 : 1e8
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`BENCH_MEMORY_TRIALS must be a whole number >= 1, got ${fromEnv}`)
  return trials
})()

// helpers

const log = (line: string) => process.stderr.write(`${line}\n`)
const int = (x: number) => Math.round(x).toLocaleString('en-US')
const short = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(1)

/** A case's process: one request at a time, each answered by one reply. */
interface CaseProcess {
  readonly definition: CaseDefinition
  readonly request: (message: object) => Promise<unknown>
  readonly close: () => Promise<void>
  /** Set by the case's setup (e.g. whether (f) returns exactly `simulate`'s summary). */
  readonly note: string
}

/** Starts the process of one case and waits for its setup. A case that fails fails the benchmark. */
const start = async (definition: CaseDefinition): Promise<CaseProcess> => {
  const child: ChildProcess = fork(here('./caseProcess.ts'), [definition.id, ...(QUICK ? ['--quick'] : [])], {
    cwd: root,
    execArgv: ['--expose-gc', '--import', definition.loader ?? BENCH_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined
  let exited: Error | undefined
  const fail = (error: Error) => {
    exited = error
    pending?.reject(error)
    pending = undefined
  }
  child.on('message', (reply: { ok: boolean; value?: unknown; error?: string }) => {
    const waiting = pending
    pending = undefined
    if (reply.ok) waiting?.resolve(reply.value)
    else waiting?.reject(new Error(`case ${definition.id} failed: ${reply.error}`))
  })
  child.on('error', (error) => fail(new Error(`case ${definition.id}: ${error.message}`)))
  child.on('exit', (code, signal) => fail(new Error(`case ${definition.id} exited (${signal ?? code})`)))
  const reply = () =>
    new Promise<unknown>((resolve, reject) => {
      if (exited !== undefined) reject(exited)
      else pending = { resolve, reject }
    })
  const setup = (await reply()) as { note: string }
  return {
    definition,
    note: setup.note,
    request: (message) => {
      const answer = reply()
      child.send(message)
      return answer
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve()
        child.once('exit', () => resolve())
        child.send({ type: 'close' })
      }),
  }
}

// the cases: set up, calibrate, then time in rounds

log(`starting ${CASES.length} case processes ...`)
const processes: CaseProcess[] = []
for (const definition of CASES) processes.push(await start(definition))

const trialsOf = new Map<string, number>()
for (const p of processes) {
  log(`${p.definition.id} ${p.definition.label}: calibrating ...`)
  trialsOf.set(p.definition.id, (await p.request({ type: 'calibrate', minSeconds: MIN_SECONDS })) as number)
}

const timed = new Map<string, number[]>(CASES.map((c) => [c.id, []]))
for (let round = 1; round <= REPEATS; round++) {
  const line: string[] = []
  for (const p of processes) {
    const id = p.definition.id
    const trials = trialsOf.get(id)!
    const seconds = (await p.request({ type: 'time', trials })) as number
    timed.get(id)!.push(seconds)
    line.push(`${id} ${short(trials / seconds)}`)
  }
  log(`round ${round}/${REPEATS}: ${line.join(', ')}`)
}

const measurements = new Map<string, Measurement>(
  CASES.map((c) => [c.id, summarize(trialsOf.get(c.id)!, timed.get(c.id)!)]),
)
const sharesOf = new Map<string, Shares | null>()
for (const p of processes)
  sharesOf.set(p.definition.id, (await p.request({ type: 'shares' })) as Shares | null)
const noteOf = new Map(processes.map((p) => [p.definition.id, p.note]))
await Promise.all(processes.map((p) => p.close()))

const m = (id: string) => measurements.get(id)!
const a = m('(a)')
const b = m('(b)')
const c = m('(c)')
const d = m('(d)')
const f = m('(f)')
const fCold = m('(f0)')
const flagshipOff = m('(e1)')

// agreement: (b), (c) and (d) compute the same model, so their shares agree within sampling error

const shareDifferences = (() => {
  const [sharesB, sharesC, sharesD] = ['(b)', '(c)', '(d)'].map((id) => sharesOf.get(id))
  if (!sharesB || !sharesC || !sharesD) return undefined
  let bc = 0
  let bd = 0
  for (const [actor, options] of Object.entries(sharesB))
    for (const [option, o] of Object.entries(options)) {
      bc = Math.max(bc, Math.abs(o.share - (sharesC[actor]?.[option]?.share ?? Number.NaN)))
      bd = Math.max(bd, Math.abs(o.share - (sharesD[actor]?.[option]?.share ?? Number.NaN)))
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
  readonly value: number
  readonly target: number
  /** 'min': value must be >= target; 'max': <= target. */
  readonly kind: 'min' | 'max'
  readonly unit: string
  /** The slowest and fastest rounds. */
  readonly spread?: { readonly min: number; readonly max: number }
  readonly note?: string
}

/** Each ratio of the targets, round by round (see `pairedRatio`); the checks take their medians. */
const ratios: Record<string, PairedRatio> = {
  'b/a': pairedRatio(b, a),
  'b/c': pairedRatio(b, c),
  'b/d': pairedRatio(b, d),
  'f/b': pairedRatio(f, b),
  'f0/b': pairedRatio(fCold, b),
  'bt/b': pairedRatio(m('(bt)'), b),
}
const ratio = (name: string) => ratios[name]!.median

const checks: Check[] = [
  {
    name: 'b/a (statecraft / limit)',
    value: ratio('b/a'),
    spread: ratios['b/a']!,
    target: 0.25,
    kind: 'min',
    unit: '×',
  },
  {
    name: 'b (statecraft, synthetic)',
    value: b.median,
    spread: b,
    target: 1.2e6,
    kind: 'min',
    unit: 'trials/s',
  },
  {
    name: 'b/c (statecraft / plain TS)',
    value: ratio('b/c'),
    spread: ratios['b/c']!,
    target: 8,
    kind: 'min',
    unit: '×',
  },
  {
    name: 'b/d (statecraft / Squiggle)',
    value: ratio('b/d'),
    spread: ratios['b/d']!,
    target: 20,
    kind: 'min',
    unit: '×',
  },
  {
    name: 'flagship (drivers off)',
    value: flagshipOff.median,
    spread: flagshipOff,
    target: 3e5,
    kind: 'min',
    unit: 'trials/s',
  },
  {
    name: 'f/b (2 workers / 1)',
    value: ratio('f/b'),
    spread: ratios['f/b']!,
    target: 1.8,
    kind: 'min',
    unit: '×',
    ...(noteOf.get('(f)') === 'summary identical to simulate' ? {} : { note: noteOf.get('(f)') ?? '' }),
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

const verdict = (check: Check): 'PASS' | 'FAIL' =>
  (check.kind === 'min' ? check.value >= check.target : check.value <= check.target) ? 'PASS' : 'FAIL'

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
  `${REPEATS} rounds after calibration and warm-up, each timing every case once (each case in its own process);`,
  `each run >= ${MIN_SECONDS} s; trials/s is the median of the rounds, spread min - max; each ratio is the median`,
  'of its round-by-round ratios, spread min - max',
)
if (QUICK)
  lines.push(
    `--quick: starting trial counts and the shortest run / ${QUICK_DIVISOR}: a smoke check. Short runs weigh`,
    'fixed costs (compiling, Squiggle parsing, warm-up) more; judge the targets on a full run (npm run bench).',
  )
// Listed by id, whatever order they ran in.
const listed = [...CASES].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
lines.push('', `${pad('case', 54)}${lpad('trials/run', 12)}${lpad('trials/s', 13)}  spread (trials/s)`)
for (const entry of listed) {
  const measured = m(entry.id)
  lines.push(
    `${pad(`${entry.id} ${entry.label}`, 54)}${lpad(int(measured.trials), 12)}${lpad(int(measured.median), 13)}  ` +
      `${short(measured.min)} - ${short(measured.max)}`,
  )
}
lines.push('', `${pad('check', 38)}${lpad('measured', 18)}${lpad('target', 22)}  result  spread`)
for (const check of checks) {
  const show = (x: number) => (check.unit === '×' ? `${x.toFixed(2)}×` : `${short(x)} ${check.unit}`)
  const target = `${check.kind === 'min' ? '>=' : '<='} ${show(check.target)}`
  const spread = check.spread === undefined ? '' : `  ${show(check.spread.min)} - ${show(check.spread.max)}`
  lines.push(
    `${pad(check.name, 38)}${lpad(show(check.value), 18)}${lpad(target, 22)}  ${verdict(check)}${spread}` +
      (check.note === undefined ? '' : ` (${check.note})`),
  )
}
lines.push(
  '',
  `(a) draws ${UNIFORMS_PER_TRIAL} uniforms per trial, as many as (b) draws: 20 parameters + 5 logit choices.`,
  '(b), (e1), (e3), (f), (f0): drivers off. (c) draws 35 uniforms (Box-Muller takes 2 per normal).',
  '(f): workers kept warm from the call before; (f0): new workers every call' +
    ` (f0/b ${ratio('f0/b').toFixed(2)}×).`,
  '(d): Squiggle sampleCount = the trials of each run; its trials/s is at that count.',
  `Each process loads the bench's TypeScript with ${BENCH_LOADER}; (bt) is (b) under --import tsx ` +
    `(CommonJS hooks too): bt/b ${ratio('bt/b').toFixed(2)}×.`,
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
    method:
      'each case in its own process; calibration runs, then 1 warm-up run at the final trial count; then ' +
      'REPEATS rounds, each timing every case once in the order of `order`; a ratio is the median of its ' +
      'round-by-round ratios',
    order: CASES.map((entry) => entry.id),
    minSecondsPerRun: MIN_SECONDS,
    quickDivisor: QUICK ? QUICK_DIVISOR : 1,
    uniformsPerTrialInLimit: UNIFORMS_PER_TRIAL,
    seed: SEED,
  },
  cases: listed.map((entry) => {
    const measured = m(entry.id)
    const note = noteOf.get(entry.id) ?? ''
    return {
      id: entry.id,
      label: entry.label,
      note: note === '' ? entry.note : `${entry.note}; ${note}`,
      trialsPerRun: measured.trials,
      samplesTrialsPerSecond: measured.samples,
      secondsPerRun: measured.seconds,
      medianTrialsPerSecond: measured.median,
      spread: { min: measured.min, max: measured.max },
    }
  }),
  ratios: Object.fromEntries(Object.entries(ratios).map(([name, r]) => [name, r.median])),
  pairedRatios: ratios,
  targets: checks.map((check) => ({
    name: check.name,
    value: check.value,
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
}
writeFileSync(here('./results.json'), `${JSON.stringify(results, null, 2)}\n`)
log(`wrote bench/results.json`)
