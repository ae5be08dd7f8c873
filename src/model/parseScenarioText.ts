import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js'
import { type ParseError, parse as parseJson, printParseErrorCode } from 'jsonc-parser'
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml'
import { decodeScenario } from './decodeScenario'
import { type ScenarioError, scenarioError } from './scenarioError'
import type { Scenario } from './scenarioSchema'

/** The largest scenario text accepted, in characters. @since 0.1.0 */
export const MAX_SCENARIO_TEXT_LENGTH = 5_000_000

/** Where a scenario text came from, for error positions. @since 0.1.0 */
export interface ScenarioTextOptions {
  /** File name shown in errors. @defaultValue undefined */
  readonly file?: string
  /** `json` parses strictly as JSON; `yaml` accepts YAML 1.2 (and so JSON). @defaultValue 'yaml' */
  readonly format?: 'yaml' | 'json'
}

type Located = { readonly line: number; readonly column: number }

const positionOf = (text: string, offset: number): Located => {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

const locate = (
  root: Node | null,
  path: ReadonlyArray<string | number>,
  counter: LineCounter,
): Located | undefined => {
  let here: unknown = root
  let offset: number | undefined = (root as { range?: [number] } | null)?.range?.[0]
  for (const key of path) {
    if (isMap(here)) {
      const pair = here.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
      )
      if (pair === undefined) break
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset
      here = pair.value
      if (isScalar(here) || isMap(here) || isSeq(here)) offset = here.range?.[0] ?? offset
    } else if (isSeq(here) && typeof key === 'number') {
      const item = here.items[key]
      if (item === undefined) break
      here = item
      offset = (item as { range?: [number] }).range?.[0] ?? offset
    } else break
  }
  if (offset === undefined) return undefined
  const position = counter.linePos(offset)
  return { line: position.line, column: position.col }
}

/**
 * Parses scenario text (YAML or JSON) and decodes it; every error carries its line and column.
 * @param text - the file's content
 * @param options - the file name and format
 * @returns the errors, or the scenario
 * @example
 * import { parseScenarioText } from 'statecraft'
 * const result = parseScenarioText('id: x\ntitle: [unclosed', { file: 'x.yaml' })
 * result._tag === 'Left' && result.left[0]?.line // => 2
 * @since 0.1.0
 */
export const parseScenarioText = (
  text: string,
  options: ScenarioTextOptions = {},
): Either<ReadonlyArray<ScenarioError>, Scenario> => {
  const file = options.file
  const withFile = (error: ScenarioError): ScenarioError => (file === undefined ? error : { ...error, file })
  if (text.length > MAX_SCENARIO_TEXT_LENGTH)
    return left([
      withFile(
        scenarioError(
          'LimitExceeded',
          [],
          `a scenario of at most ${MAX_SCENARIO_TEXT_LENGTH} characters`,
          `${text.length} characters`,
        ),
      ),
    ])
  if (options.format === 'json') {
    // YAML's JSON schema still accepts comments, single quotes and trailing commas; JSON files are held to JSON.
    const problems: ParseError[] = []
    parseJson(text, problems, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
    if (problems.length > 0)
      return left(
        problems.map((problem) =>
          withFile({
            ...scenarioError('Syntax', [], 'valid JSON', printParseErrorCode(problem.error)),
            ...positionOf(text, problem.offset),
          }),
        ),
      )
  }
  const counter = new LineCounter()
  const document = parseDocument(text, {
    lineCounter: counter,
    uniqueKeys: true,
    prettyErrors: false,
    schema: options.format === 'json' ? 'json' : 'core',
    strict: true,
  })
  if (document.errors.length > 0)
    return left(
      document.errors.map((problem) => {
        const position = counter.linePos(problem.pos[0])
        const message = problem.message.split('\n')[0] ?? problem.message
        return withFile({
          ...scenarioError('Syntax', [], options.format === 'json' ? 'valid JSON' : 'valid YAML', message),
          line: position.line,
          column: position.col,
        })
      }),
    )
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    // An alias went wrong (unresolved, or expanding too far): point at the first unresolved alias, else the
    // first alias.
    let culprit: number | undefined
    let unresolved = false
    visit(document, {
      Alias: (_, node) => {
        const missing = node.resolve(document) === undefined
        if (culprit === undefined || (missing && !unresolved)) {
          culprit = node.range?.[0]
          unresolved = missing
        }
      },
    })
    const position = counter.linePos(culprit ?? 0)
    return left([
      withFile({
        ...scenarioError(
          'Syntax',
          [],
          unresolved
            ? 'an alias whose anchor (&name) comes before it'
            : 'YAML whose aliases expand to a reasonable size',
          String((error as Error).message),
          unresolved ? 'define the anchor first, or fix the alias name' : 'expand fewer aliases',
        ),
        line: position.line,
        column: position.col,
      }),
    ])
  }
  const decoded = decodeScenario(data)
  if (!isLeft(decoded)) return right(decoded.right)
  return left(
    decoded.left.map((error) => {
      const position = locate(document.contents, error.path, counter)
      return withFile(position === undefined ? error : { ...error, ...position })
    }),
  )
}
