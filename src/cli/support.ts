import { rename, writeFile } from 'node:fs/promises'
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

/** A progress line on stderr, only on a terminal. */
export const progressReporter = () => {
  if (process.stderr.isTTY !== true) return undefined
  const started = performance.now()
  return (done: number, total: number) => {
    const seconds = (performance.now() - started) / 1000
    const rate = done / Math.max(seconds, 1e-9)
    const left = (total - done) / Math.max(rate, 1e-9)
    process.stderr.write(
      `\r${((100 * done) / total).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} trials · ${Math.round(rate).toLocaleString('en-US')}/s · ${left.toFixed(1)}s left   ${done === total ? '\n' : ''}`,
    )
  }
}
