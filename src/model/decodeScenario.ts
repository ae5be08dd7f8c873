import { type Either, left, right } from 'fp-ts/lib/Either.js'
import { freeze } from 'immer'
import { rememberExpressions } from './internal/expressionCache'
import { checkRawInput, semanticChecks } from './internal/semanticChecks'
import { issueToErrors } from './internal/zodIssues'
import { formatPath, type ScenarioError, scenarioError } from './scenarioError'
import { type Scenario, scenarioSchema } from './scenarioSchema'

const errorKey = (error: ScenarioError): string =>
  `${formatPath(error.path)}|${error.expected}|${error.found}`

/**
 * Validates plain data (parsed from YAML or JSON, or built in code) into a {@link Scenario}.
 * Reports every problem at once, each with its path, what was expected, what was found and a hint.
 * Never throws, never returns a partial scenario; the scenario returned is deeply frozen.
 * @param input - anything
 * @returns the errors, or the scenario
 * @example
 * import { decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice',
 *   factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * decoded._tag // => 'Right'
 * @since 0.1.0
 */
export const decodeScenario = (input: unknown): Either<ReadonlyArray<ScenarioError>, Scenario> => {
  try {
    const raw = checkRawInput(input)
    if (raw.oversized) return left(raw.errors)
    const structural = scenarioSchema.safeParse(input)
    const semantic = semanticChecks(input)
    const errors: ScenarioError[] = []
    const seen = new Set<string>()
    const structuralErrors = structural.success
      ? []
      : structural.error.issues.flatMap((issue) => issueToErrors(issue, input))
    for (const error of [...raw.errors, ...structuralErrors, ...semantic.errors]) {
      const key = errorKey(error)
      if (seen.has(key)) continue
      seen.add(key)
      errors.push(error)
    }
    if (!structural.success && errors.length === 0)
      errors.push(
        scenarioError(
          'InvalidValue',
          [],
          'a scenario',
          'a value the schema rejects',
          structural.error.message,
        ),
      )
    if (errors.length > 0 || !structural.success) return left(errors)
    const scenario = freeze(structural.data, true) as Scenario
    rememberExpressions(scenario, semantic.expressions)
    return right(scenario)
  } catch (error) {
    return left([
      scenarioError(
        'Internal',
        [],
        'input the decoder can read',
        String(error),
        'this is a bug in statecraft: please report it with the input',
      ),
    ])
  }
}
