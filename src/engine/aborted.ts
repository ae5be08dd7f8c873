/**
 * What a run or an analysis throws (or rejects with) when its `AbortSignal` is aborted: an `Error` named
 * `AbortError`, as `fetch` and Node's own APIs use, with the signal's reason as its `cause` and, for a
 * run, how far it got. Nothing partial is returned.
 * @example
 * import { AbortedError } from 'statecraft'
 * const error = new AbortedError('the run was aborted after 1,024 of 10,000 trials', { done: 1024, total: 10000 })
 * error.name // => 'AbortError'
 * error.progress?.done // => 1024
 * @since 0.1.0
 */
export class AbortedError extends Error {
  override readonly name = 'AbortError'

  constructor(
    message: string,
    /** Trials (or evaluations) done before the stop, of how many, when known. */
    readonly progress?: { readonly done: number; readonly total: number },
    options?: { readonly cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * Throws {@link AbortedError} if the signal is aborted.
 * @param signal - the caller's signal, if any
 * @param what - what was stopped, for the message
 * @example
 * import { AbortedError, throwIfAborted } from 'statecraft'
 * const controller = new AbortController()
 * throwIfAborted(controller.signal, 'the analysis') // => undefined
 * controller.abort()
 * let message = ''
 * try { throwIfAborted(controller.signal, 'the analysis') } catch (error) { message = (error as AbortedError).message }
 * message // => 'the analysis was aborted'
 * @since 0.1.0
 */
export const throwIfAborted = (signal: AbortSignal | undefined, what = 'the run'): void => {
  if (signal?.aborted === true)
    throw new AbortedError(`${what} was aborted`, undefined, { cause: signal.reason })
}

/** Options of anything that can be stopped. @since 0.1.0 */
export interface Abortable {
  /** Stops the work: it throws (or rejects with) an {@link AbortedError} soon after the signal aborts. */
  readonly signal?: AbortSignal
}
