import { rename, writeFile } from 'node:fs/promises'
import { Presets, SingleBar } from 'cli-progress'
import { InvalidArgumentError } from 'commander'
import { AbortedError } from '../engine/aborted'
import { formatScenarioError } from '../model/scenarioError'
import type { Scenario } from '../model/scenarioSchema'
import { loadScenario } from '../node'
import { MAX_TRIALS } from '../run/simulate'

/** Exit codes: 0 success, 1 invalid input, 2 usage error, 130 interrupted (Ctrl-C). */
export const EXIT_INVALID = 1
export const EXIT_USAGE = 2
export const EXIT_INTERRUPTED = 130

/**
 * A signal that aborts on Ctrl-C (SIGINT) or SIGTERM while `work` runs, so a run stops cleanly (workers
 * terminated, nothing written) and says how far it got; the handlers are removed afterwards.
 */
export const interruptible = async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController()
  const stop = () => controller.abort(new Error('interrupted'))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    return await work(controller.signal)
  } catch (error) {
    if (error instanceof AbortedError) {
      process.stderr.write(`\n${error.message}; nothing was written\n`)
      throw new ExitError(EXIT_INTERRUPTED)
    }
    throw error
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

/** Thrown to leave with an exit code after the message has been printed. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`)
  }
}

/** Parses a whole number of trials (underscores allowed). */
export const wholeNumber = (value: string): number => {
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 1 || n > MAX_TRIALS)
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_TRIALS}, e.g. 100000`)
  return n
}

/** Loads a scenario or prints its problems and leaves with exit code 1. */
export const readScenario = async (file: string): Promise<Scenario> => {
  const loaded = await loadScenario(file)
  if (loaded._tag === 'Right') return loaded.right
  process.stderr.write(`${file}: ${loaded.left.length} problem${loaded.left.length === 1 ? '' : 's'}\n`)
  for (const error of loaded.left) process.stderr.write(`  ${formatScenarioError(error)}\n`)
  throw new ExitError(EXIT_INVALID)
}

/** Writes beside the target, then renames: a reader sees the old file or the new one, never half of one. */
export const writeAtomically = async (path: string, text: string): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, text, 'utf8')
  await rename(temporary, path)
}

/** A run must last this long before its progress bar appears. */
const SHOW_AFTER_MS = 500

/**
 * A progress bar on stderr with trials per second and the time left (cli-progress), only when stderr is a
 * terminal (and CI is not set): never in pipes or CI logs, and only once a run has lasted half a second.
 */
export const progressReporter = (): ((done: number, total: number) => void) | undefined => {
  if (process.stderr.isTTY !== true || process.env['CI'] === 'true') return undefined
  const started = performance.now()
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {percentage}% | {value}/{total} trials | {rate} trials/s | {eta_formatted} left',
      formatValue: (value, _options, type) =>
        type === 'value' || type === 'total' ? value.toLocaleString('en-US') : String(value),
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  )
  let begun = false
  return (done: number, total: number) => {
    const elapsed = performance.now() - started
    // Only for runs longer than a moment: a bar that flashes for a tenth of a second is noise.
    if (!begun && (elapsed < SHOW_AFTER_MS || done >= total)) return
    const rate = Math.round(done / Math.max(elapsed / 1000, 1e-9)).toLocaleString('en-US')
    if (!begun) {
      bar.start(total, done, { rate })
      begun = true
    } else bar.update(done, { rate })
    if (done >= total) bar.stop()
  }
}
