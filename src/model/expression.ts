import jsep from 'jsep'

// model

/** A binary operator of the expression language. @since 0.1.0 */
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
/** A function of the expression language. @since 0.1.0 */
export type FunctionName =
  | 'min'
  | 'max'
  | 'clamp'
  | 'abs'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'pow'
  | 'round'
  | 'floor'
  | 'ceil'

/**
 * A parsed expression. Booleans are numbers: true is 1, false is 0.
 * @since 0.1.0
 */
export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'unary'; readonly operator: '-' | '+' | 'not'; readonly argument: Expression }
  | {
      readonly kind: 'binary'
      readonly operator: BinaryOperator
      readonly left: Expression
      readonly right: Expression
    }
  | {
      readonly kind: 'conditional'
      readonly test: Expression
      readonly consequent: Expression
      readonly alternate: Expression
    }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: ReadonlyArray<Expression> }
  | { readonly kind: 'chose'; readonly actor: string; readonly option: string }
  | { readonly kind: 'count'; readonly option: string; readonly actors: ReadonlyArray<string> }

/** Why an expression could not be parsed, with the 0-based character where it went wrong. @since 0.1.0 */
export interface ExpressionProblem {
  readonly message: string
  readonly index?: number
}

// constants

/** The functions with their number of arguments (min and max take two or more). @internal */
export const FUNCTION_ARITY: Readonly<Record<FunctionName, readonly [number, number]>> = {
  min: [2, Number.POSITIVE_INFINITY],
  max: [2, Number.POSITIVE_INFINITY],
  clamp: [3, 3],
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 1],
  pow: [2, 2],
  round: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
}

/** Words that cannot be parameter names. @internal */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'true',
  'false',
  'chose',
  'count',
  ...Object.keys(FUNCTION_ARITY),
])

/** The longest expression text accepted. @since 0.1.0 */
export const MAX_EXPRESSION_LENGTH = 4000
/** The deepest syntax tree accepted (a flat sum of n terms is n deep). @since 0.1.0 */
export const MAX_EXPRESSION_DEPTH = 256
/** The deepest nesting of brackets accepted, checked before parsing so the parser never recurses deeper. @since 0.1.0 */
export const MAX_BRACKET_DEPTH = 64

const BINARY: ReadonlyMap<string, BinaryOperator> = new Map<string, BinaryOperator>([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['==', '=='],
  ['!=', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['and', 'and'],
  ['&&', 'and'],
  ['or', 'or'],
  ['||', 'or'],
])

// parsing

let configured = false
const configureParser = (): void => {
  if (configured) return
  // jsep keeps its operator table globally; we add the word forms once and never remove anything.
  jsep.addBinaryOp('or', 1)
  jsep.addBinaryOp('and', 2)
  jsep.addUnaryOp('not')
  configured = true
}

type Result =
  | { readonly ok: true; readonly value: Expression }
  | { readonly ok: false; readonly problem: ExpressionProblem }
const fail = (message: string, index?: number): Result =>
  index === undefined ? { ok: false, problem: { message } } : { ok: false, problem: { message, index } }

const stringLiteral = (node: jsep.Expression): string | undefined =>
  node.type === 'Literal' && typeof (node as jsep.Literal).value === 'string'
    ? ((node as jsep.Literal).value as string)
    : undefined

const convert = (node: jsep.Expression, depth: number): Result => {
  if (depth > MAX_EXPRESSION_DEPTH) return fail(`nesting deeper than ${MAX_EXPRESSION_DEPTH}`)
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value
      if (typeof value === 'number' && Number.isFinite(value))
        return { ok: true, value: { kind: 'number', value } }
      if (typeof value === 'boolean') return { ok: true, value: { kind: 'number', value: value ? 1 : 0 } }
      if (typeof value === 'string')
        return fail(`a string ('${value}') can only name an actor or option inside chose() or count()`)
      return fail(`unsupported literal ${String((node as jsep.Literal).raw)}`)
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name
      if (name === 'true' || name === 'false')
        return { ok: true, value: { kind: 'number', value: name === 'true' ? 1 : 0 } }
      if (RESERVED_WORDS.has(name)) return fail(`'${name}' is a reserved word, not a value`)
      return { ok: true, value: { kind: 'parameter', name } }
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression
      const operator = unary.operator === '!' ? 'not' : unary.operator
      if (operator !== '-' && operator !== '+' && operator !== 'not')
        return fail(`operator '${unary.operator}' is not supported; use -, +, not`)
      const argument = convert(unary.argument, depth + 1)
      return argument.ok
        ? { ok: true, value: { kind: 'unary', operator, argument: argument.value } }
        : argument
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression
      const operator = BINARY.get(binary.operator)
      if (operator === undefined)
        return fail(
          `operator '${binary.operator}' is not supported; use + - * / %, comparisons == != < <= > >=, and, or, not`,
        )
      const left = convert(binary.left, depth + 1)
      if (!left.ok) return left
      const right = convert(binary.right, depth + 1)
      if (!right.ok) return right
      return { ok: true, value: { kind: 'binary', operator, left: left.value, right: right.value } }
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression
      const test = convert(conditional.test, depth + 1)
      if (!test.ok) return test
      const then = convert(conditional.consequent, depth + 1)
      if (!then.ok) return then
      const otherwise = convert(conditional.alternate, depth + 1)
      if (!otherwise.ok) return otherwise
      return {
        ok: true,
        value: { kind: 'conditional', test: test.value, consequent: then.value, alternate: otherwise.value },
      }
    }
    case 'CallExpression':
      return convertCall(node as jsep.CallExpression, depth)
    case 'Compound':
      return fail('several expressions in one; write a single expression')
    case 'ArrayExpression':
      return fail("a list ['a', 'b'] can only be the second argument of count()")
    case 'MemberExpression':
      return fail("'.' and '[ ]' member access are not supported; refer to parameters by bare name")
    default:
      return fail(`unsupported construct (${node.type})`)
  }
}

const convertCall = (call: jsep.CallExpression, depth: number): Result => {
  if (call.callee.type !== 'Identifier') return fail('only named functions can be called')
  const name = (call.callee as jsep.Identifier).name
  const args = call.arguments
  if (name === 'chose') {
    const actor = args[0] === undefined ? undefined : stringLiteral(args[0])
    const option = args[1] === undefined ? undefined : stringLiteral(args[1])
    if (args.length !== 2 || actor === undefined || option === undefined)
      return fail("chose takes two quoted ids: chose('actor', 'option')")
    return { ok: true, value: { kind: 'chose', actor, option } }
  }
  if (name === 'count') {
    const option = args[0] === undefined ? undefined : stringLiteral(args[0])
    const list = args[1]
    const actors =
      list?.type === 'ArrayExpression'
        ? (list as jsep.ArrayExpression).elements.map((element) =>
            element === null ? undefined : stringLiteral(element),
          )
        : undefined
    if (
      args.length !== 2 ||
      option === undefined ||
      actors === undefined ||
      actors.some((a) => a === undefined)
    )
      return fail(
        "count takes a quoted option id and a list of quoted actor ids: count('join', ['egypt', 'jordan'])",
      )
    return { ok: true, value: { kind: 'count', option, actors: actors as ReadonlyArray<string> } }
  }
  if (!Object.hasOwn(FUNCTION_ARITY, name))
    return fail(
      `unknown function '${name}'; known: ${[...Object.keys(FUNCTION_ARITY), 'chose', 'count'].join(', ')}`,
    )
  const functionName = name as FunctionName
  const [least, most] = FUNCTION_ARITY[functionName]
  if (args.length < least || args.length > most) {
    const wanted = least === most ? `${least}` : `at least ${least}`
    return fail(`${name} takes ${wanted} argument${least === 1 ? '' : 's'}, found ${args.length}`)
  }
  const converted: Expression[] = []
  for (const arg of args) {
    const result = convert(arg, depth + 1)
    if (!result.ok) return result
    converted.push(result.value)
  }
  return { ok: true, value: { kind: 'call', name: functionName, args: converted } }
}

/**
 * Parses the text of an expression into its syntax tree; never throws.
 * @param text - the expression, e.g. `"chose('us', 'reward') ? imf_need : 0"`
 * @returns the tree, or the problem with the character index where parsing failed
 * @example
 * import { parseExpression } from 'statecraft'
 * const parsed = parseExpression('max(a, 1) > 0.5 and not b')
 * parsed.ok // => true
 * @since 0.1.0
 */
export const parseExpression = (text: string): Result => {
  if (text.length > MAX_EXPRESSION_LENGTH) return fail(`longer than ${MAX_EXPRESSION_LENGTH} characters`)
  if (text.trim() === '') return fail('an empty expression; write a number, a parameter name or a formula')
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    if (depth > MAX_BRACKET_DEPTH) return fail(`brackets nested deeper than ${MAX_BRACKET_DEPTH}`, i)
  }
  configureParser()
  let tree: jsep.Expression
  try {
    tree = jsep(text)
  } catch (error) {
    const index = (error as { index?: unknown }).index
    const message = (error as { description?: unknown }).description ?? (error as Error).message
    return fail(String(message), typeof index === 'number' ? index : undefined)
  }
  return convert(tree, 0)
}

// analysis

/**
 * Visits every node of an expression, parents before children.
 * @internal
 */
export const forEachNode = (expression: Expression, visit: (node: Expression) => void): void => {
  visit(expression)
  switch (expression.kind) {
    case 'unary':
      forEachNode(expression.argument, visit)
      return
    case 'binary':
      forEachNode(expression.left, visit)
      forEachNode(expression.right, visit)
      return
    case 'conditional':
      forEachNode(expression.test, visit)
      forEachNode(expression.consequent, visit)
      forEachNode(expression.alternate, visit)
      return
    case 'call':
      for (const arg of expression.args) forEachNode(arg, visit)
      return
    default:
      return
  }
}

/** Whether an expression reads any actor's choice (and so must be evaluated per profile). @internal */
export const readsChoices = (expression: Expression): boolean => {
  let reads = false
  forEachNode(expression, (node) => {
    if (node.kind === 'chose' || node.kind === 'count') reads = true
  })
  return reads
}

/** The actors whose choices an expression reads. @internal */
export const actorsRead = (expression: Expression): ReadonlySet<string> => {
  const actors = new Set<string>()
  forEachNode(expression, (node) => {
    if (node.kind === 'chose') actors.add(node.actor)
    if (node.kind === 'count') for (const actor of node.actors) actors.add(actor)
  })
  return actors
}

/** The parameters an expression reads. @internal */
export const parametersRead = (expression: Expression): ReadonlySet<string> => {
  const names = new Set<string>()
  forEachNode(expression, (node) => {
    if (node.kind === 'parameter') names.add(node.name)
  })
  return names
}

/** Whether the value is always 0 or 1 (a comparison, a logical operator, chose). @internal */
export const isBoolean = (expression: Expression): boolean => {
  switch (expression.kind) {
    case 'chose':
      return true
    case 'unary':
      return expression.operator === 'not'
    case 'binary':
      return !['+', '-', '*', '/', '%'].includes(expression.operator)
    case 'conditional':
      return isBoolean(expression.consequent) && isBoolean(expression.alternate)
    case 'number':
      return expression.value === 0 || expression.value === 1
    default:
      return false
  }
}
