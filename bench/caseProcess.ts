// One case of the benchmark in its own process, driven by bench/run.ts over IPC:
// `node --expose-gc --import tsx/esm bench/caseProcess.ts ID [--quick]` (the case's loader: see BENCH_LOADER), started by run.ts with fork().
// Messages in: { type: 'calibrate', minSeconds } (a collection, then calibration and warm-up),
// { type: 'time', trials } (an untimed tenth of the trials, then one timed run), { type: 'shares' }, { type: 'close' }.
// Each gets one reply: { ok: true, value } or { ok: false, error }.
import { CASES, prepareProcess, QUICK_DIVISOR, type ReadyCase } from './cases'
import { calibrate, timeAfterTenth } from './measure'

type Request =
  | { readonly type: 'calibrate'; readonly minSeconds: number }
  | { readonly type: 'time'; readonly trials: number }
  | { readonly type: 'shares' }
  | { readonly type: 'close' }

const id = process.argv[2]
const quick = process.argv.includes('--quick')
const definition = CASES.find((c) => c.id === id)
if (definition === undefined || process.send === undefined) {
  process.stderr.write(`bench/caseProcess.ts: unknown case ${id} (or not started with fork)\n`)
  process.exit(2)
}
const send = (reply: unknown) => process.send!(reply)
const gc = () => (globalThis as { gc?: () => void }).gc?.()

let ready: ReadyCase
try {
  await prepareProcess()
  ready = await definition.setup()
  send({ ok: true, value: { note: ready.note ?? '' } })
} catch (error) {
  send({ ok: false, error: (error as Error).stack ?? String(error) })
  process.exit(1)
}

const handle = async (request: Request): Promise<unknown> => {
  switch (request.type) {
    case 'calibrate': {
      gc()
      const trials = quick ? Math.max(1, Math.round(definition.trials / QUICK_DIVISOR)) : definition.trials
      return calibrate(ready.run, {
        trials,
        minSeconds: request.minSeconds,
        ...(definition.step === undefined ? {} : { step: definition.step }),
        ...(definition.maxTrials === undefined ? {} : { maxTrials: definition.maxTrials }),
      })
    }
    case 'time':
      return timeAfterTenth(ready.run, request.trials, definition.step)
    case 'shares':
      return ready.shares?.() ?? null
    case 'close':
      await ready.close?.()
      process.disconnect()
      return null
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (value) => {
      if (request.type !== 'close') send({ ok: true, value })
    },
    (error: unknown) => send({ ok: false, error: (error as Error).stack ?? String(error) }),
  )
})
