// model

/** What kind of problem a scenario has. @since 0.1.0 */
export type ScenarioErrorTag =
  | 'Syntax'
  | 'InvalidType'
  | 'InvalidValue'
  | 'MissingKey'
  | 'UnknownKey'
  | 'UnknownReference'
  | 'DuplicateId'
  | 'InvalidDistribution'
  | 'ExpressionSyntax'
  | 'ExpressionMisuse'
  | 'Cycle'
  | 'Unsupported'
  | 'LimitExceeded'
  | 'Infeasible'
  | 'Internal'

/**
 * One problem found in a scenario: where it is, what was expected, what was found, and how to fix it.
 * @since 0.1.0
 */
export interface ScenarioError {
  readonly _tag: ScenarioErrorTag
  /** Keys from the document root to the culprit, e.g. `['actors', 'pakistan', 'options', 'lead']`. */
  readonly path: ReadonlyArray<string | number>
  readonly expected: string
  readonly found: string
  readonly hint?: string
  /** 1-based position in the source file, when the scenario was read from text. */
  readonly line?: number
  readonly column?: number
  readonly file?: string
}

// constructors

/**
 * Makes a {@link ScenarioError}, leaving out an absent hint.
 * @internal
 */
export const scenarioError = (
  tag: ScenarioErrorTag,
  path: ReadonlyArray<string | number>,
  expected: string,
  found: string,
  hint?: string,
): ScenarioError =>
  hint === undefined ? { _tag: tag, path, expected, found } : { _tag: tag, path, expected, found, hint }

// formatting

/**
 * The dotted form of a path: `actors.pakistan.options.lead.effects.us_ties`, `sources[2].file`.
 * @param path - keys from the root
 * @returns the path as one string; `(root)` for the empty path
 * @example
 * import { formatPath } from 'statecraft'
 * formatPath(['actors', 'us', 'options', 0]) // => 'actors.us.options[0]'
 * @since 0.1.0
 */
export const formatPath = (path: ReadonlyArray<string | number>): string => {
  if (path.length === 0) return '(root)'
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? key : `.${key}`
  }
  return out
}

/**
 * One line a person can act on: `file:line:col path: expected X, found Y (hint)`.
 * @param error - the error to describe
 * @returns a single line of text
 * @example
 * import { formatScenarioError } from 'statecraft'
 * formatScenarioError({ _tag: 'UnknownReference', path: ['stages', 0, 0], expected: 'an actor id', found: "'pakistn'", hint: "did you mean 'pakistan'?" })
 * // => "stages[0][0]: expected an actor id, found 'pakistn' (did you mean 'pakistan'?)"
 * @since 0.1.0
 */
export const formatScenarioError = (error: ScenarioError): string => {
  const where =
    error.file !== undefined
      ? `${error.file}${error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : ''} `
      : error.line !== undefined
        ? `${error.line}:${error.column ?? 1} `
        : ''
  const hint = error.hint === undefined ? '' : ` (${error.hint})`
  return `${where}${formatPath(error.path)}: expected ${error.expected}, found ${error.found}${hint}`
}
