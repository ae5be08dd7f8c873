import { exponential } from '../math/exponential'
import { logarithm, power } from '../math/portableMath'
import type { Expression } from './expression'

// model

/**
 * A compiled expression: reads the trial's parameter values and the actors' chosen option indices
 * (-1 for an actor that has not chosen or could not).
 * @since 0.1.0
 */
export type CompiledExpression = (parameters: Float64Array, choices: Int32Array) => number

/** How names in an expression map to indices. @since 0.1.0 */
export interface ExpressionIndex {
  readonly parameter: (name: string) => number
  readonly actor: (id: string) => number
  readonly option: (actor: number, id: string) => number
}

const truth = (value: number): boolean => value !== 0

// compiling

/**
 * Compiles a checked expression tree into a closure; names are resolved once, here.
 * The tree must come from `parseExpression` and the decoder's checks: unknown names are a broken invariant.
 * @param expression - the tree
 * @param index - where each name lives
 * @returns a function of the trial's parameters and choices
 * @example
 * import { compileExpression, parseExpression } from 'statecraft'
 * const parsed = parseExpression('x > 1 ? 10 : 20')
 * if (!parsed.ok) throw new Error('unreachable')
 * const f = compileExpression(parsed.value, { parameter: () => 0, actor: () => 0, option: () => 0 })
 * f(new Float64Array([2]), new Int32Array(0)) // => 10
 * @since 0.1.0
 */
export const compileExpression = (expression: Expression, index: ExpressionIndex): CompiledExpression => {
  // A subtree that reads no parameter and no choice is a number: evaluate it once, here.
  if (expression.kind !== 'number' && isConstant(expression)) {
    const value = compileNode(expression, index)(EMPTY_PARAMETERS, EMPTY_CHOICES)
    return () => value
  }
  // Sums and differences of parameters times constants (the commonest effects) become one closure.
  const affine = affineForm(expression, index)
  if (affine?.slots.some((slot) => slot >= 0) && expression.kind !== 'parameter') return compileAffine(affine)
  return compileNode(expression, index)
}

/**
 * An affine expression as a left-leaning chain t₀ ± t₁ ± … of simple terms (a constant, or a constant times
 * a parameter), evaluated left to right exactly as the expression tree is: no term is moved, merged or
 * distributed, so the result is bit-identical to plain evaluation (−0, overflow and NaN included).
 * @internal
 */
export interface Affine {
  /** +1 or −1 per term (the first is +1). */
  readonly signs: Int8Array
  /** The constant, or the coefficient of the parameter. */
  readonly coefficients: Float64Array
  /** The parameter's slot, or −1 for a constant term. */
  readonly slots: Int32Array
}

type SimpleTerm = { readonly coefficient: number; readonly slot: number }

/** A constant, a parameter, −term, or constant × parameter (either order). */
const simpleTerm = (expression: Expression, index: ExpressionIndex): SimpleTerm | undefined => {
  switch (expression.kind) {
    case 'number':
      return { coefficient: expression.value, slot: -1 }
    case 'parameter':
      return { coefficient: 1, slot: index.parameter(expression.name) }
    case 'unary': {
      if (expression.operator === 'not') return undefined
      const inner = simpleTerm(expression.argument, index)
      // −(k·p) = (−k)·p and −c exactly: negation is exact.
      return inner === undefined
        ? undefined
        : expression.operator === '-'
          ? { ...inner, coefficient: -inner.coefficient }
          : inner
    }
    case 'binary': {
      if (expression.operator !== '*') return undefined
      const { left, right } = expression
      if (left.kind === 'number' && right.kind === 'parameter')
        return { coefficient: left.value, slot: index.parameter(right.name) }
      if (left.kind === 'parameter' && right.kind === 'number')
        return { coefficient: right.value, slot: index.parameter(left.name) }
      return undefined
    }
    default:
      return undefined
  }
}

/** The expression as an affine chain, when it is one (else undefined). @internal */
export const affineForm = (expression: Expression, index: ExpressionIndex): Affine | undefined => {
  const terms: Array<readonly [number, SimpleTerm]> = []
  const collect = (node: Expression): boolean => {
    if (node.kind === 'binary' && (node.operator === '+' || node.operator === '-')) {
      const right = simpleTerm(node.right, index)
      if (right === undefined || !collect(node.left)) return false
      terms.push([node.operator === '+' ? 1 : -1, right])
      return true
    }
    const term = simpleTerm(node, index)
    if (term === undefined) return false
    terms.push([1, term])
    return true
  }
  if (!collect(expression)) return undefined
  return {
    signs: Int8Array.from(terms, ([sign]) => sign),
    coefficients: Float64Array.from(terms, ([, term]) => term.coefficient),
    slots: Int32Array.from(terms, ([, term]) => term.slot),
  }
}

const compileAffine =
  ({ signs, coefficients, slots }: Affine): CompiledExpression =>
  (p) => {
    const first = slots[0]!
    let value = first < 0 ? coefficients[0]! : coefficients[0]! * p[first]!
    for (let i = 1; i < slots.length; i++) {
      const slot = slots[i]!
      const term = slot < 0 ? coefficients[i]! : coefficients[i]! * p[slot]!
      value = signs[i] === 1 ? value + term : value - term
    }
    return value
  }

const EMPTY_PARAMETERS = new Float64Array(0)
const EMPTY_CHOICES = new Int32Array(0)

const isConstant = (expression: Expression): boolean => {
  switch (expression.kind) {
    case 'number':
      return true
    case 'parameter':
    case 'chose':
    case 'count':
      return false
    case 'unary':
      return isConstant(expression.argument)
    case 'binary':
      return isConstant(expression.left) && isConstant(expression.right)
    case 'conditional':
      return (
        isConstant(expression.test) && isConstant(expression.consequent) && isConstant(expression.alternate)
      )
    case 'call':
      return expression.args.every(isConstant)
  }
}

const constantOf = (expression: Expression): number | undefined =>
  isConstant(expression) ? compileNode(expression, NO_NAMES)(EMPTY_PARAMETERS, EMPTY_CHOICES) : undefined

const NO_NAMES: ExpressionIndex = { parameter: () => -1, actor: () => -1, option: () => -1 }

const compileNode = (expression: Expression, index: ExpressionIndex): CompiledExpression => {
  const compile = (node: Expression): CompiledExpression => compileExpression(node, index)
  switch (expression.kind) {
    case 'number': {
      const value = expression.value
      return () => value
    }
    case 'parameter': {
      const slot = index.parameter(expression.name)
      if (slot < 0) throw new Error(`internal: unresolved parameter ${expression.name}`)
      return (p) => p[slot]!
    }
    case 'unary': {
      const argument = compile(expression.argument)
      if (expression.operator === '-') return (p, c) => -argument(p, c)
      if (expression.operator === '+') return argument
      return (p, c) => (truth(argument(p, c)) ? 0 : 1)
    }
    case 'binary': {
      const right = constantOf(expression.right)
      if (right !== undefined && !isConstant(expression.left))
        return compileBinaryConstantRight(expression.operator, compile(expression.left), right)
      const left = constantOf(expression.left)
      if (left !== undefined && !isConstant(expression.right))
        return compileBinaryConstantLeft(expression.operator, left, compile(expression.right))
      return compileBinary(expression.operator, compile(expression.left), compile(expression.right))
    }
    case 'conditional': {
      if (expression.test.kind === 'chose') {
        // The commonest form in scenarios: chose('a', 'o') ? x : y, with no closure for the test.
        const actor = index.actor(expression.test.actor)
        const option = index.option(actor, expression.test.option)
        const then = compile(expression.consequent)
        const otherwise = compile(expression.alternate)
        return (p, c) => (c[actor] === option ? then(p, c) : otherwise(p, c))
      }
      const test = compile(expression.test)
      const then = compile(expression.consequent)
      const otherwise = compile(expression.alternate)
      return (p, c) => (truth(test(p, c)) ? then(p, c) : otherwise(p, c))
    }
    case 'call':
      return compileCall(expression.name, expression.args.map(compile))
    case 'chose': {
      const actor = index.actor(expression.actor)
      const option = index.option(actor, expression.option)
      if (actor < 0 || option < 0)
        throw new Error(`internal: unresolved chose(${expression.actor}, ${expression.option})`)
      return (_p, c) => (c[actor] === option ? 1 : 0)
    }
    case 'count': {
      const actors = Int32Array.from(expression.actors, (id) => index.actor(id))
      const options = Int32Array.from(actors, (actor) => index.option(actor, expression.option))
      return (_p, c) => {
        let total = 0
        for (let i = 0; i < actors.length; i++) if (c[actors[i]!] === options[i]) total++
        return total
      }
    }
  }
}

const compileBinary = (
  operator: Extract<Expression, { kind: 'binary' }>['operator'],
  left: CompiledExpression,
  right: CompiledExpression,
): CompiledExpression => {
  switch (operator) {
    case '+':
      return (p, c) => left(p, c) + right(p, c)
    case '-':
      return (p, c) => left(p, c) - right(p, c)
    case '*':
      return (p, c) => left(p, c) * right(p, c)
    case '/':
      return (p, c) => left(p, c) / right(p, c)
    case '%':
      return (p, c) => left(p, c) % right(p, c)
    case '==':
      return (p, c) => (left(p, c) === right(p, c) ? 1 : 0)
    case '!=':
      return (p, c) => (left(p, c) !== right(p, c) ? 1 : 0)
    case '<':
      return (p, c) => (left(p, c) < right(p, c) ? 1 : 0)
    case '<=':
      return (p, c) => (left(p, c) <= right(p, c) ? 1 : 0)
    case '>':
      return (p, c) => (left(p, c) > right(p, c) ? 1 : 0)
    case '>=':
      return (p, c) => (left(p, c) >= right(p, c) ? 1 : 0)
    case 'and':
      return (p, c) => (truth(left(p, c)) && truth(right(p, c)) ? 1 : 0)
    case 'or':
      return (p, c) => (truth(left(p, c)) || truth(right(p, c)) ? 1 : 0)
  }
}

const compileBinaryConstantRight = (
  operator: Extract<Expression, { kind: 'binary' }>['operator'],
  left: CompiledExpression,
  k: number,
): CompiledExpression => {
  switch (operator) {
    case '+':
      return (p, c) => left(p, c) + k
    case '-':
      return (p, c) => left(p, c) - k
    case '*':
      return (p, c) => left(p, c) * k
    case '/':
      return (p, c) => left(p, c) / k
    case '==':
      return (p, c) => (left(p, c) === k ? 1 : 0)
    case '!=':
      return (p, c) => (left(p, c) !== k ? 1 : 0)
    case '<':
      return (p, c) => (left(p, c) < k ? 1 : 0)
    case '<=':
      return (p, c) => (left(p, c) <= k ? 1 : 0)
    case '>':
      return (p, c) => (left(p, c) > k ? 1 : 0)
    case '>=':
      return (p, c) => (left(p, c) >= k ? 1 : 0)
    default:
      return compileBinary(operator, left, () => k)
  }
}

const compileBinaryConstantLeft = (
  operator: Extract<Expression, { kind: 'binary' }>['operator'],
  k: number,
  right: CompiledExpression,
): CompiledExpression => {
  switch (operator) {
    case '+':
      return (p, c) => k + right(p, c)
    case '-':
      return (p, c) => k - right(p, c)
    case '*':
      return (p, c) => k * right(p, c)
    case '/':
      return (p, c) => k / right(p, c)
    default:
      return compileBinary(operator, () => k, right)
  }
}

const compileCall = (
  name: Extract<Expression, { kind: 'call' }>['name'],
  args: ReadonlyArray<CompiledExpression>,
): CompiledExpression => {
  const [a, b, d] = args as [CompiledExpression, CompiledExpression, CompiledExpression]
  switch (name) {
    case 'min':
      return args.length === 2
        ? (p, c) => Math.min(a(p, c), b(p, c))
        : (p, c) => args.reduce((least, f) => Math.min(least, f(p, c)), Number.POSITIVE_INFINITY)
    case 'max':
      return args.length === 2
        ? (p, c) => Math.max(a(p, c), b(p, c))
        : (p, c) => args.reduce((most, f) => Math.max(most, f(p, c)), Number.NEGATIVE_INFINITY)
    case 'clamp':
      return (p, c) => Math.min(Math.max(a(p, c), b(p, c)), d(p, c))
    case 'abs':
      return (p, c) => Math.abs(a(p, c))
    case 'sqrt':
      return (p, c) => Math.sqrt(a(p, c))
    case 'exp':
      return (p, c) => exponential(a(p, c))
    case 'log':
      return (p, c) => logarithm(a(p, c))
    case 'pow':
      return (p, c) => power(a(p, c), b(p, c))
    case 'round':
      return (p, c) => Math.round(a(p, c))
    case 'floor':
      return (p, c) => Math.floor(a(p, c))
    case 'ceil':
      return (p, c) => Math.ceil(a(p, c))
  }
}
