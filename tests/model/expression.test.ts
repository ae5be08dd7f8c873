import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileExpression, type ExpressionIndex } from '../../src/model/compileExpression'
import {
  type Expression,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
} from '../../src/model/expression'

// A small world to evaluate against: three actors with their options, in tie-break order.
const OPTIONS: Readonly<Record<string, ReadonlyArray<string>>> = {
  us: ['reward', 'hold', 'penalise'],
  pak: ['join', 'lead', 'decline'],
  // 'join' is option 1 here and option 0 for pak: count() must resolve it per actor
  egypt: ['stay', 'join'],
}
const ACTORS = Object.keys(OPTIONS)

const parsed = (text: string): Expression => {
  const result = parseExpression(text)
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.problem.message}`)
  return result.value
}

/**
 * Evaluates an expression with the given parameter values and choices (actor -> option id; an actor
 * left out has not chosen, index -1).
 */
const evaluate = (
  text: string,
  parameters: Readonly<Record<string, number>> = {},
  choices: Readonly<Record<string, string>> = {},
): number => {
  const names = Object.keys(parameters)
  const index: ExpressionIndex = {
    parameter: (name) => names.indexOf(name),
    actor: (id) => ACTORS.indexOf(id),
    option: (actor, id) => OPTIONS[ACTORS[actor] ?? '']?.indexOf(id) ?? -1,
  }
  const values = Float64Array.from(names, (name) => parameters[name]!)
  const chosen = Int32Array.from(ACTORS, (actor) => {
    const option = choices[actor]
    return option === undefined ? -1 : OPTIONS[actor]!.indexOf(option)
  })
  return compileExpression(parsed(text), index)(values, chosen)
}

const problemOf = (text: string) => {
  const result = parseExpression(text)
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`)
  return result.problem
}

describe('arithmetic', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 2 * 3 + 1', 5],
    ['2 - 3 - 4', -5],
    ['8 / 4 / 2', 1],
    ['2 * 3 % 4', 2],
    ['7 % 4', 3],
    ['-7 % 4', -3],
    ['-2 * 3', -6],
    ['2 * -3', -6],
    ['-(1 + 2)', -3],
    ['- -1', 1],
    ['+-+1', -1],
    ['.5 + 1.', 1.5],
    ['1e3 / 1e-3', 1e6],
    ['1 / 0', Number.POSITIVE_INFINITY],
  ]
  for (const [text, value] of cases)
    it(`${text} = ${value}`, () => {
      expect(evaluate(text)).toBe(value)
    })

  it('reads parameters', () => {
    expect(evaluate('a * b + c', { a: 2, b: 3, c: 4 })).toBe(10)
    expect(evaluate('android + order + notable', { android: 1, order: 2, notable: 3 })).toBe(6)
  })

  it('matches JavaScript on arbitrary fully parenthesised arithmetic', () => {
    type Tree =
      | { readonly value: number }
      | { readonly op: string; readonly left: Tree; readonly right: Tree }
    const ops = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=']
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: -20, max: 20 }).map((value) => ({ value })),
        fc.record({ op: fc.constantFrom(...ops), left: tie('tree'), right: tie('tree') }),
      ),
    }))
    const text = (t: Tree): string =>
      'value' in t
        ? t.value < 0
          ? `(${t.value})`
          : `${t.value}`
        : `(${text(t.left)} ${t.op} ${text(t.right)})`
    const js = (t: Tree): number => {
      if ('value' in t) return t.value
      const [a, b] = [js(t.left), js(t.right)]
      const table: Record<string, number> = {
        '+': a + b,
        '-': a - b,
        '*': a * b,
        '/': a / b,
        '%': a % b,
        '<': a < b ? 1 : 0,
        '<=': a <= b ? 1 : 0,
        '>': a > b ? 1 : 0,
        '>=': a >= b ? 1 : 0,
        '==': a === b ? 1 : 0,
        '!=': a !== b ? 1 : 0,
      }
      return table[t.op]!
    }
    const depth = (t: Tree): number => ('value' in t ? 0 : 1 + Math.max(depth(t.left), depth(t.right)))
    fc.assert(
      fc.property(
        tree.filter((t) => depth(t) <= 20),
        (t) => Object.is(evaluate(text(t)), js(t)),
      ),
      { numRuns: 300 },
    )
  })
})

describe('comparisons and logic', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['3 > 2', 1],
    ['3 < 2', 0],
    ['2 >= 2', 1],
    ['2 <= 1', 0],
    ['2 == 2', 1],
    ['2 != 2', 0],
    ['1 + 2 < 4', 1],
    ['1 < 2 == 1', 1],
    ['2 and 3', 1],
    ['2 and 0', 0],
    ['0 or 5', 1],
    ['0 or 0', 0],
    ['2 && 3', 1],
    ['0 || 0', 0],
    ['0 || -1', 1],
    ['not 0', 1],
    ['not 7', 0],
    ['!0', 1],
    ['!!5', 1],
    ['not not 5', 1],
    ['1 or 0 and 0', 1],
    ['(1 or 0) and 0', 0],
    ['1 || 0 && 0', 1],
    ['1 < 2 and 3 < 4', 1],
    ['1 < 2 and 4 < 3', 0],
    // `not` binds like `!`, tighter than comparisons: (not 0) > 1, not not (0 > 1)
    ['not 0 > 1', 0],
    ['not (0 > 1)', 1],
    ['not 0 and 0', 0],
    ['true', 1],
    ['false', 0],
    ['true + true', 2],
    ['true and false', 0],
    ['false or true', 1],
    ['not false', 1],
  ]
  for (const [text, value] of cases)
    it(`${text} = ${value}`, () => {
      expect(evaluate(text)).toBe(value)
    })

  it('comparisons and logic give exactly 1 or 0 for any operands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('<', '<=', '>', '>=', '==', '!=', 'and', 'or', '&&', '||'),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (op, a, b) => [0, 1].includes(evaluate(`a ${op} b`, { a, b })),
      ),
    )
  })
})

describe('conditionals and functions', () => {
  it('picks a branch by the truth of its test', () => {
    expect(evaluate('x > 1 ? 10 : 20', { x: 2 })).toBe(10)
    expect(evaluate('x > 1 ? 10 : 20', { x: 1 })).toBe(20)
    expect(evaluate('x ? 10 : 20', { x: -0.5 })).toBe(10)
    expect(evaluate('1 ? 5 : 1 / 0')).toBe(5)
  })

  it('nests conditionals to the right', () => {
    const text = 'x ? 1 : y ? 2 : 3'
    expect(evaluate(text, { x: 1, y: 1 })).toBe(1)
    expect(evaluate(text, { x: 0, y: 1 })).toBe(2)
    expect(evaluate(text, { x: 0, y: 0 })).toBe(3)
  })

  const cases: ReadonlyArray<readonly [string, number]> = [
    ['min(4, 5)', 4],
    ['max(4, 5)', 5],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['max(-1, -5, -3)', -1],
    ['min(-1, -5, -3)', -5],
    ['min(5, 4, 3, 2, 1)', 1],
    ['max(1, 2, 3, 4, 5)', 5],
    ['clamp(5, 0, 1)', 1],
    ['clamp(-5, 0, 1)', 0],
    ['clamp(0.25, 0, 1)', 0.25],
    ['abs(-2.5)', 2.5],
    ['sqrt(9)', 3],
    ['exp(0)', 1],
    ['log(1)', 0],
    ['pow(2, 10)', 1024],
    ['round(2.5)', 3],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['max(1, 2) > 1.5 and not 0', 1],
  ]
  for (const [text, value] of cases)
    it(`${text} = ${value}`, () => {
      expect(evaluate(text)).toBe(value)
    })
})

describe('chose and count', () => {
  const choices = { us: 'hold', pak: 'join' } as const

  it('chose is 1 exactly when the actor chose that option', () => {
    expect(evaluate("chose('us', 'hold')", {}, choices)).toBe(1)
    expect(evaluate("chose('us', 'reward')", {}, choices)).toBe(0)
    expect(evaluate("chose('us', 'penalise')", {}, choices)).toBe(0)
    expect(evaluate('chose("pak", "join")', {}, choices)).toBe(1)
  })

  it('chose is 0 for an actor that has not chosen', () => {
    expect(evaluate("chose('egypt', 'stay')", {}, choices)).toBe(0)
    expect(evaluate("chose('egypt', 'join')", {}, choices)).toBe(0)
  })

  it('count resolves the option for each actor and counts those who chose it', () => {
    expect(evaluate("count('join', ['pak', 'egypt'])", {}, choices)).toBe(1)
    expect(evaluate("count('join', ['pak', 'egypt'])", {}, { ...choices, egypt: 'join' })).toBe(2)
    expect(evaluate("count('join', ['pak', 'egypt'])", {}, { ...choices, egypt: 'stay' })).toBe(1)
    expect(
      evaluate("count('join', ['pak', 'egypt'])", {}, { us: 'hold', pak: 'decline', egypt: 'stay' }),
    ).toBe(0)
    expect(evaluate("count('join', [])", {}, choices)).toBe(0)
  })

  it('combines with arithmetic and conditionals', () => {
    const text = "chose('us', 'reward') ? need : count('join', ['pak', 'egypt']) * 2"
    expect(evaluate(text, { need: 7 }, { us: 'reward' })).toBe(7)
    expect(evaluate(text, { need: 7 }, { us: 'hold', pak: 'join', egypt: 'join' })).toBe(4)
  })

  it('parses their arguments into ids', () => {
    expect(parsed("chose('us', 'hold')")).toEqual({ kind: 'chose', actor: 'us', option: 'hold' })
    expect(parsed("count('join', ['pak', 'egypt'])")).toEqual({
      kind: 'count',
      option: 'join',
      actors: ['pak', 'egypt'],
    })
  })

  const misuses = [
    "chose('us')",
    "chose(us, 'hold')",
    "chose('us', 'hold', 'x')",
    "count('join', 'pak')",
    "count('join', [pak])",
    "count('join', ['pak'], 1)",
    "'us'",
    "['us']",
  ]
  for (const text of misuses)
    it(`rejects ${text}`, () => {
      expect(problemOf(text).message.length).toBeGreaterThan(0)
    })
})

describe('rejections', () => {
  const rejected: ReadonlyArray<readonly [string, string]> = [
    ['1 +', 'Expected expression'],
    ['(1', 'Unclosed'],
    ['a | b', "operator '|' is not supported"],
    ['a ^ b', "operator '^' is not supported"],
    ['a === b', "operator '===' is not supported"],
    ['~a', "operator '~' is not supported"],
    ['foo(1)', "unknown function 'foo'"],
    ['toString(1)', "unknown function 'toString'"],
    ['clamp(1, 2)', 'clamp takes 3 arguments, found 2'],
    ['max(1)', 'max takes at least 2 arguments, found 1'],
    ['abs(1, 2)', 'abs takes 1 argument, found 2'],
    ['a.b', 'member access'],
    ['a[0]', 'member access'],
    ['a, b', 'several expressions'],
    ['max', "'max' is a reserved word"],
    ['count + 1', "'count' is a reserved word"],
    ['null', 'unsupported literal'],
    ['1e400', 'unsupported literal'],
    ['this', 'unsupported construct'],
    ['a(1)(2)', 'only named functions'],
  ]
  for (const [text, message] of rejected)
    it(`rejects ${text}`, () => {
      expect(problemOf(text).message).toContain(message)
    })

  it('gives the 0-based index of a syntax error', () => {
    expect(problemOf('1 +').index).toBe(3)
    expect(problemOf('a = 1').index).toBe(2)
  })
})

describe('limits', () => {
  const nestedUnary = (levels: number): string => `${'-'.repeat(levels)}1`

  it(`accepts nesting up to MAX_EXPRESSION_DEPTH (${MAX_EXPRESSION_DEPTH})`, () => {
    // the root is at depth 0, so MAX_EXPRESSION_DEPTH unary minus put the literal at the limit
    expect(parseExpression(nestedUnary(MAX_EXPRESSION_DEPTH)).ok).toBe(true)
    expect(evaluate(nestedUnary(MAX_EXPRESSION_DEPTH))).toBe(1)
  })

  it('rejects nesting deeper than MAX_EXPRESSION_DEPTH cleanly', () => {
    for (const levels of [MAX_EXPRESSION_DEPTH + 1, MAX_EXPRESSION_DEPTH + 100, 1000]) {
      const text = nestedUnary(levels)
      expect(text.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH)
      expect(problemOf(text).message).toContain(`nesting deeper than ${MAX_EXPRESSION_DEPTH}`)
    }
    expect(problemOf(`${'abs('.repeat(100)}1${')'.repeat(100)}`).message).toContain('nested deeper than')
  })

  it('does not throw on parentheses and brackets nested as deep as the length limit allows', () => {
    const half = Math.floor((MAX_EXPRESSION_LENGTH - 1) / 2)
    // Parentheses add no node, so ((...(1)...)) is the literal 1 when jsep's recursion fits on the stack.
    // Whether it does depends on the stack already in use (jsep overflows near 1,500-2,000 levels and
    // parseExpression reports "Maximum call stack size exceeded"), so either outcome is allowed here.
    const parens = parseExpression(`${'('.repeat(half)}1${')'.repeat(half)}`)
    if (parens.ok) expect(parens.value).toEqual({ kind: 'number', value: 1 })
    else expect(parens.problem.message.length).toBeGreaterThan(0)
    const brackets = `${'['.repeat(half)}${']'.repeat(half)}`
    expect(() => parseExpression(brackets)).not.toThrow()
    expect(parseExpression(brackets).ok).toBe(false)
  })

  it(`accepts MAX_EXPRESSION_LENGTH (${MAX_EXPRESSION_LENGTH}) characters and rejects one more`, () => {
    const padded = (length: number) => `${' '.repeat(length - 1)}1`
    expect(parseExpression(padded(MAX_EXPRESSION_LENGTH)).ok).toBe(true)
    expect(problemOf(padded(MAX_EXPRESSION_LENGTH + 1)).message).toContain(
      `longer than ${MAX_EXPRESSION_LENGTH}`,
    )
  })
})

describe('parseExpression never throws', () => {
  /** Parses, and when the text parses, compiles and evaluates it with every name resolved to slot 0. */
  const parsesOrFails = (text: string): boolean => {
    const result = parseExpression(text)
    if (!result.ok) return typeof result.problem.message === 'string' && result.problem.message.length > 0
    const index: ExpressionIndex = { parameter: () => 0, actor: () => 0, option: () => 0 }
    const value = compileExpression(result.value, index)(new Float64Array([0.5]), new Int32Array([0]))
    return typeof value === 'number'
  }

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), parsesOrFails), { numRuns: 500 })
  })

  it('on arbitrary grapheme strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), parsesOrFails), { numRuns: 500 })
  })

  it('on arbitrary sequences of expression tokens', () => {
    const token = fc.constantFrom(
      'a',
      'b_2',
      '1',
      '0.5',
      '-',
      '+',
      '*',
      '/',
      '%',
      '<',
      '>=',
      '==',
      '!',
      'not',
      'and',
      'or',
      '&&',
      '||',
      '?',
      ':',
      '(',
      ')',
      ',',
      '[',
      ']',
      "'us'",
      'true',
      'max(',
      'clamp(',
      'chose(',
      'count(',
      "chose('us', 'hold')",
      "count('join', ['pak'])",
    )
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => parsesOrFails(tokens.join(' '))),
      { numRuns: 500 },
    )
  })
})
