// Expressions evaluated a block of trials at a time: each node of the tree computes a column of values from
// its children's columns, so the cost of walking the tree is paid once per block, not once per trial. The
// choices are the same for every trial of the block (a node of the game tree fixes them). Every node does
// the arithmetic of the compiled closure (compileExpression), in its order, so values are bit-identical.

import { exponential } from '../../math/exponential'
import { logarithm, power } from '../../math/portableMath'
import {
  type CompiledExpression,
  compileExpression,
  type ExpressionIndex,
} from '../../model/compileExpression'
import type { Expression } from '../../model/expression'

/** What a column expression reads: each parameter's column (a view of `capacity` values), and the choices. @internal */
export interface ColumnContext {
  readonly parameters: ReadonlyArray<Float64Array>
  readonly choices: Int32Array
}

/**
 * Evaluates the expression for trials 0 to count - 1 and returns the column holding the values. The column
 * belongs to the expression (or is a parameter's) and is overwritten by the next call.
 * @internal
 */
export type ColumnExpression = (context: ColumnContext, count: number) => Float64Array

const EMPTY = new Float64Array(0)

/** Whether a subtree reads no parameter (then it is one number per block: its choices are fixed). */
const readsNoParameter = (expression: Expression): boolean => {
  switch (expression.kind) {
    case 'number':
    case 'chose':
    case 'count':
      return true
    case 'parameter':
      return false
    case 'unary':
      return readsNoParameter(expression.argument)
    case 'binary':
      return readsNoParameter(expression.left) && readsNoParameter(expression.right)
    case 'conditional':
      return (
        readsNoParameter(expression.test) &&
        readsNoParameter(expression.consequent) &&
        readsNoParameter(expression.alternate)
      )
    case 'call':
      return expression.args.every(readsNoParameter)
  }
}

/**
 * The actors whose choices an expression reads (through `chose` and `count`), ascending, each once.
 * @internal
 */
export const choiceActors = (expression: Expression, index: ExpressionIndex): number[] => {
  const found = new Set<number>()
  const walk = (node: Expression): void => {
    switch (node.kind) {
      case 'chose':
        found.add(index.actor(node.actor))
        return
      case 'count':
        for (const actor of node.actors) found.add(index.actor(actor))
        return
      case 'unary':
        walk(node.argument)
        return
      case 'binary':
        walk(node.left)
        walk(node.right)
        return
      case 'conditional':
        walk(node.test)
        walk(node.consequent)
        walk(node.alternate)
        return
      case 'call':
        for (const arg of node.args) walk(arg)
        return
      default:
        return
    }
  }
  walk(expression)
  return [...found].sort((a, b) => a - b)
}

/**
 * Compiles an expression for blocks of up to `capacity` trials.
 *
 * With `block`, a player that evaluates the expression at many nodes of one block (under different
 * choices) says which block it is playing: the largest subtrees that read parameters but no choice are
 * then computed once per block and their column reused, since within a block they do not change. The
 * player must change `block()` before each new block or count.
 * @internal
 */
export const compileColumnExpression = (
  expression: Expression,
  index: ExpressionIndex,
  capacity: number,
  block?: () => number,
): ColumnExpression => {
  /** Whether a subtree reads no choice (then, within one block, its column is the same at every node). */
  const readsNoChoice = (node: Expression): boolean => choiceActors(node, index).length === 0
  /** The column of a choice-free subtree, computed at the first node of each block. */
  const oncePerBlock = (evaluate: ColumnExpression, now: () => number): ColumnExpression => {
    let at = Number.NaN
    let column: Float64Array = EMPTY
    return (context, count) => {
      const current = now()
      if (current !== at) {
        column = evaluate(context, count)
        at = current
      }
      return column
    }
  }
  const compile = (node: Expression, underChoices = false): ColumnExpression => {
    if (
      underChoices &&
      block !== undefined &&
      node.kind !== 'parameter' &&
      readsNoChoice(node) &&
      !readsNoParameter(node)
    )
      return oncePerBlock(compile(node), block)
    const choiceBound = underChoices || !readsNoChoice(node)
    const child = (inner: Expression) => compile(inner, choiceBound)
    return compileNode(node, child)
  }
  const compileNode = (
    node: Expression,
    compile: (inner: Expression) => ColumnExpression,
  ): ColumnExpression => {
    if (node.kind === 'parameter') {
      const slot = index.parameter(node.name)
      return (context) => context.parameters[slot]!
    }
    const own = new Float64Array(capacity)
    if (readsNoParameter(node)) {
      // One value for the whole block, from the closure itself.
      const scalar: CompiledExpression = compileExpression(node, index)
      return (context, count) => {
        own.fill(scalar(EMPTY, context.choices), 0, count)
        return own
      }
    }
    switch (node.kind) {
      case 'unary': {
        const argument = compile(node.argument)
        if (node.operator === '+') return argument
        return node.operator === '-'
          ? (context, count) => {
              const x = argument(context, count)
              for (let t = 0; t < count; t++) own[t] = -x[t]!
              return own
            }
          : (context, count) => {
              const x = argument(context, count)
              for (let t = 0; t < count; t++) own[t] = x[t] !== 0 ? 0 : 1
              return own
            }
      }
      case 'binary': {
        // One side the same for the whole block: a loop against a number, with no column to fill or read.
        const right = readsNoParameter(node.right) ? compileExpression(node.right, index) : undefined
        const left = readsNoParameter(node.left) ? compileExpression(node.left, index) : undefined
        const withRight = right === undefined ? undefined : COLUMN_NUMBER[node.operator]
        if (right !== undefined && withRight !== undefined) {
          const column = compile(node.left)
          return (context, count) => {
            withRight(column(context, count), right(EMPTY, context.choices), own, count)
            return own
          }
        }
        const withLeft = left === undefined ? undefined : NUMBER_COLUMN[node.operator]
        if (left !== undefined && withLeft !== undefined) {
          const column = compile(node.right)
          return (context, count) => {
            withLeft(left(EMPTY, context.choices), column(context, count), own, count)
            return own
          }
        }
        return binary(node.operator, compile(node.left), compile(node.right), own)
      }
      case 'conditional': {
        if (readsNoParameter(node.test)) {
          // The test is the same for the whole block (it reads choices only): take one branch's column.
          const decided = compileExpression(node.test, index)
          const then = compile(node.consequent)
          const otherwise = compile(node.alternate)
          return (context, count) =>
            decided(EMPTY, context.choices) !== 0 ? then(context, count) : otherwise(context, count)
        }
        if (readsNoParameter(node.consequent) && readsNoParameter(node.alternate)) {
          const test = compile(node.test)
          const a = compileExpression(node.consequent, index)
          const b = compileExpression(node.alternate, index)
          return (context, count) => {
            const q = test(context, count)
            const x = a(EMPTY, context.choices)
            const y = b(EMPTY, context.choices)
            for (let t = 0; t < count; t++) own[t] = q[t] !== 0 ? x : y
            return own
          }
        }
        const test = compile(node.test)
        const then = compile(node.consequent)
        const otherwise = compile(node.alternate)
        return (context, count) => {
          const q = test(context, count)
          const x = then(context, count)
          const y = otherwise(context, count)
          for (let t = 0; t < count; t++) own[t] = q[t] !== 0 ? x[t]! : y[t]!
          return own
        }
      }
      case 'call':
        return call(node.name, node.args.map(compile), own)
      default:
        throw new Error(`internal: ${node.kind} reads no parameter`)
    }
  }
  return compile(expression)
}

type Operator = Extract<Expression, { kind: 'binary' }>['operator']

const binary = (
  operator: Operator,
  left: ColumnExpression,
  right: ColumnExpression,
  own: Float64Array,
): ColumnExpression => {
  const op = BINARY[operator]
  return (context, count) => {
    op(left(context, count), right(context, count), own, count)
    return own
  }
}

type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, count: number) => void

const BINARY: Readonly<Record<Operator, Kernel>> = {
  '+': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! + b[t]!
  },
  '-': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! - b[t]!
  },
  '*': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! * b[t]!
  },
  '/': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! / b[t]!
  },
  '%': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! % b[t]!
  },
  '==': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] === b[t] ? 1 : 0
  },
  '!=': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] !== b[t] ? 1 : 0
  },
  '<': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! < b[t]! ? 1 : 0
  },
  '<=': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! <= b[t]! ? 1 : 0
  },
  '>': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! > b[t]! ? 1 : 0
  },
  '>=': (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! >= b[t]! ? 1 : 0
  },
  and: (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] !== 0 && b[t] !== 0 ? 1 : 0
  },
  or: (a, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] !== 0 || b[t] !== 0 ? 1 : 0
  },
}

type NumberKernel = (a: Float64Array, k: number, out: Float64Array, count: number) => void
type LeftKernel = (k: number, b: Float64Array, out: Float64Array, count: number) => void

/** A column against a number on the right: the closure's `left op k`, per trial. */
const COLUMN_NUMBER: Partial<Record<Operator, NumberKernel>> = {
  '+': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! + k
  },
  '-': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! - k
  },
  '*': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! * k
  },
  '/': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! / k
  },
  '==': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] === k ? 1 : 0
  },
  '!=': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t] !== k ? 1 : 0
  },
  '<': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! < k ? 1 : 0
  },
  '<=': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! <= k ? 1 : 0
  },
  '>': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! > k ? 1 : 0
  },
  '>=': (a, k, out, n) => {
    for (let t = 0; t < n; t++) out[t] = a[t]! >= k ? 1 : 0
  },
}

/** A number on the left against a column: the closure's `k op right`, per trial. */
const NUMBER_COLUMN: Partial<Record<Operator, LeftKernel>> = {
  '+': (k, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = k + b[t]!
  },
  '-': (k, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = k - b[t]!
  },
  '*': (k, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = k * b[t]!
  },
  '/': (k, b, out, n) => {
    for (let t = 0; t < n; t++) out[t] = k / b[t]!
  },
}

const unaryCall =
  (f: (x: number) => number, argument: ColumnExpression, own: Float64Array): ColumnExpression =>
  (context, count) => {
    const x = argument(context, count)
    for (let t = 0; t < count; t++) own[t] = f(x[t]!)
    return own
  }

const call = (
  name: Extract<Expression, { kind: 'call' }>['name'],
  args: ReadonlyArray<ColumnExpression>,
  own: Float64Array,
): ColumnExpression => {
  switch (name) {
    case 'min':
    case 'max': {
      // A fold from ±Infinity, as the closure does (Math.min(+∞, x) is x, NaN and −0 included).
      const fold = name === 'min' ? Math.min : Math.max
      const start = name === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
      return (context, count) => {
        own.fill(start, 0, count)
        for (const arg of args) {
          const x = arg(context, count)
          for (let t = 0; t < count; t++) own[t] = fold(own[t]!, x[t]!)
        }
        return own
      }
    }
    case 'clamp':
      return (context, count) => {
        const x = args[0]!(context, count)
        const lo = args[1]!(context, count)
        const hi = args[2]!(context, count)
        for (let t = 0; t < count; t++) own[t] = Math.min(Math.max(x[t]!, lo[t]!), hi[t]!)
        return own
      }
    case 'pow':
      return (context, count) => {
        const x = args[0]!(context, count)
        const y = args[1]!(context, count)
        for (let t = 0; t < count; t++) own[t] = power(x[t]!, y[t]!)
        return own
      }
    case 'abs':
      return unaryCall(Math.abs, args[0]!, own)
    case 'sqrt':
      return unaryCall(Math.sqrt, args[0]!, own)
    case 'exp':
      return unaryCall(exponential, args[0]!, own)
    case 'log':
      return unaryCall(logarithm, args[0]!, own)
    case 'round':
      return unaryCall(Math.round, args[0]!, own)
    case 'floor':
      return unaryCall(Math.floor, args[0]!, own)
    case 'ceil':
      return unaryCall(Math.ceil, args[0]!, own)
  }
}
