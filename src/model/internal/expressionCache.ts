import { type Expression, parseExpression } from '../expression'

const cache = new WeakMap<object, ReadonlyMap<string, Expression>>()

/** Remembers the expressions the decoder parsed for a scenario, so they are parsed once. @internal */
export const rememberExpressions = (scenario: object, expressions: ReadonlyMap<string, Expression>): void => {
  cache.set(scenario, expressions)
}

/**
 * The parsed tree of an expression text of a decoded scenario.
 * @internal
 */
export const expressionOf = (scenario: object, text: string): Expression => {
  const known = cache.get(scenario)?.get(text)
  if (known !== undefined) return known
  const parsed = parseExpression(text)
  if (!parsed.ok)
    throw new Error(`internal: expression ${JSON.stringify(text)} was not checked: ${parsed.problem.message}`)
  return parsed.value
}
