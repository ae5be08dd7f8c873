// Fuzzing the decoder, the scenario text parsers and the expression language with fast-check: shared by
// `npm test` (a fast share, tests/model/fuzz.test.ts) and `npm run fuzz` (100,000+ inputs, scripts/fuzz.ts).
// Every input must give a scenario or errors whose paths point into it; nothing may throw, hang, or touch an
// object prototype.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { parse as parseYaml } from 'yaml'
import { compileScenario } from '../../src/engine/compileScenario'
import { columnarForm } from '../../src/engine/internal/columnarPlayer'
import { compileColumnExpression } from '../../src/engine/internal/columnExpression'
import { compileExpression, type ExpressionIndex } from '../../src/model/compileExpression'
import { decodeScenario } from '../../src/model/decodeScenario'
import { actorsRead, parametersRead, parseExpression } from '../../src/model/expression'
import { parseScenarioText } from '../../src/model/parseScenarioText'
import type { ScenarioError } from '../../src/model/scenarioError'

/** What a fuzz run saw. */
export interface FuzzStats {
  readonly name: string
  inputs: number
  accepted: number
  rejected: number
  /** The slowest input, in milliseconds. */
  slowest: number
}

const newStats = (name: string): FuzzStats => ({ name, inputs: 0, accepted: 0, rejected: 0, slowest: 0 })

/** Most milliseconds one input may take: far above the slowest seen, far below a hang. */
export const INPUT_TIME_LIMIT_MS = 2000

// ---------------------------------------------------------------------------------------------------
// prototypes

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype]
const snapshot = () => prototypes.map((p) => Object.getOwnPropertyNames(p).sort().join(','))
const before = snapshot()

/** Throws if any built-in prototype gained or lost a property, or `{}` reads a polluted key. */
export const assertPrototypesIntact = (): void => {
  const now = snapshot()
  now.forEach((names, i) => {
    if (names !== before[i]) throw new Error(`a prototype was modified: ${names}`)
  })
  const probe = {} as Record<string, unknown>
  for (const key of ['polluted', 'isAdmin', 'id', 'actors', 'dist'])
    if (probe[key] !== undefined) throw new Error(`Object.prototype.${key} was polluted`)
}

// ---------------------------------------------------------------------------------------------------
// values

type Path = ReadonlyArray<string | number>

/** An object with these own keys, `__proto__` included (a literal would set the prototype instead). */
const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const object: Record<string, unknown> = {}
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  return object
}

const HUGE_ARRAY = Array.from({ length: 100_000 }, (_, i) => i % 7)
const LONG_STRING = 'x'.repeat(1_000_000)
const DEEP = (() => {
  let value: unknown = 1
  for (let i = 0; i < 5000; i++) value = { a: value, b: [value] }
  return value
})()

/** Values that have broken parsers before: special numbers, numbers as text, odd ids, huge and deep values. */
const special = fc.constantFrom<unknown>(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  '',
  ' ',
  '0.5',
  '1e999',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '\u0000',
  '\u202e',
  '🙂',
  'Ω≈ç√',
  'a0',
  'o1',
  "chose('a0', 'o0')",
  'p0 / 0',
  '(((((',
  HUGE_ARRAY,
  LONG_STRING,
  DEEP,
  null,
  true,
  [],
  {},
)

const key = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '',
    ' ',
    'id',
    'title',
    'actors',
    'factors',
    'options',
    'effects',
    'weights',
    'dist',
    'expr',
    'stages',
    'parameters',
    'sources',
    'outcomes',
    'feasible',
    'rule',
    'logit',
    'evidence',
    'a0',
    'o0',
    'f0',
    'p0',
    '🙂',
    'Ä',
  ),
  fc.string({ maxLength: 8 }),
)

/** Anything, with own `__proto__`/`constructor`/`prototype` keys and special values among the leaves. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    special,
    fc.double(),
    fc.integer(),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map(objectOf),
  ),
})).value

// ---------------------------------------------------------------------------------------------------
// valid scenarios to mutate

const SCENARIO_FILES = [
  'scenarios/isf-pakistan.yaml',
  'scenarios/isf-coalition.yaml',
  'scenarios/classics/prisoners-dilemma.yaml',
  'scenarios/classics/entry-deterrence.yaml',
  'scenarios/classics/stag-hunt.yaml',
]
const texts = SCENARIO_FILES.map((file) => readFileSync(file, 'utf8'))
const bases = texts.map((text) => parseYaml(text) as unknown)

const isNode = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === 'object' && value !== null

/** Every path in a value (objects and arrays), the root first. */
const pathsOf = (value: unknown): Path[] => {
  const paths: Path[] = []
  const stack: Array<readonly [unknown, Path]> = [[value, []]]
  while (stack.length > 0) {
    const [node, path] = stack.pop()!
    paths.push(path)
    if (isNode(node) && path.length < 12)
      for (const k of Object.keys(node)) stack.push([node[k], [...path, Array.isArray(node) ? Number(k) : k]])
  }
  return paths
}
const basePaths = bases.map(pathsOf)

const clone = (value: unknown): unknown => structuredClone(value)

const parentOf = (root: unknown, path: Path): Record<string | number, unknown> | undefined => {
  let node = root
  for (const step of path.slice(0, -1)) {
    if (!isNode(node)) return undefined
    node = node[step]
  }
  return isNode(node) ? node : undefined
}

type Mutation = (root: unknown, path: Path, value: unknown, newKey: string) => unknown

const mutations: ReadonlyArray<Mutation> = [
  // replace a value
  (root, path, value) => {
    if (path.length === 0) return value
    const parent = parentOf(root, path)
    if (parent !== undefined) parent[path.at(-1)!] = value
    return root
  },
  // delete a key or an element
  (root, path) => {
    const parent = parentOf(root, path)
    if (parent !== undefined && path.length > 0) {
      if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1)
      else delete parent[path.at(-1)!]
    }
    return root
  },
  // add a key (own __proto__ and the like included) beside a value
  (root, path, value, newKey) => {
    const parent = parentOf(root, path)
    if (parent !== undefined && !Array.isArray(parent))
      Object.defineProperty(parent, newKey, { value, enumerable: true, writable: true, configurable: true })
    return root
  },
  // duplicate an array element (duplicate ids in lists)
  (root, path) => {
    const parent = parentOf(root, path)
    if (Array.isArray(parent)) parent.push(clone(parent[Number(path.at(-1))]))
    return root
  },
  // a number as text, text as a number
  (root, path) => {
    const parent = parentOf(root, path)
    if (parent === undefined || path.length === 0) return root
    const k = path.at(-1)!
    const v = parent[k]
    parent[k] = typeof v === 'number' ? String(v) : typeof v === 'string' ? Number(v) : v
    return root
  },
  // rename a key
  (root, path, _value, newKey) => {
    const parent = parentOf(root, path)
    if (parent === undefined || Array.isArray(parent) || path.length === 0) return root
    const k = path.at(-1)!
    const v = parent[k]
    delete parent[k]
    Object.defineProperty(parent, newKey, { value: v, enumerable: true, writable: true, configurable: true })
    return root
  },
]

/** A valid scenario with one to four mutations: near-valid inputs, where a decoder's bugs hide. */
export const mutatedScenario: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.nat({ max: bases.length - 1 }),
    fc.array(fc.tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: mutations.length - 1 }), anyValue, key), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([b, steps]) => {
    let root = clone(bases[b])
    const paths = basePaths[b]!
    for (const [p, m, value, newKey] of steps)
      root = mutations[m]!(root, paths[p % paths.length]!, value, newKey)
    return root
  })

// ---------------------------------------------------------------------------------------------------
// checks

/** Whether an error's path can be walked in the input (every step but the last must exist). */
const pathIsWalkable = (input: unknown, error: ScenarioError): boolean => {
  let node = input
  for (const step of error.path.slice(0, -1)) {
    if (!isNode(node) || !Object.hasOwn(node, step)) return false
    node = node[step]
  }
  return true
}

const timed = <T>(stats: FuzzStats, work: () => T): T => {
  const started = performance.now()
  const result = work()
  const took = performance.now() - started
  stats.inputs++
  stats.slowest = Math.max(stats.slowest, took)
  if (took > INPUT_TIME_LIMIT_MS)
    throw new Error(`an input took ${took.toFixed(0)} ms (limit ${INPUT_TIME_LIMIT_MS})`)
  return result
}

/** decodeScenario on one input: Right, or Left with non-internal errors whose paths point into the input. */
const checkDecode = (stats: FuzzStats, input: unknown): void => {
  const result = timed(stats, () => decodeScenario(input))
  assertPrototypesIntact()
  if (result._tag === 'Right') {
    stats.accepted++
    // A scenario the decoder accepts must compile.
    columnarForm(compileScenario(result.right))
    return
  }
  stats.rejected++
  if (result.left.length === 0) throw new Error('Left without errors')
  for (const error of result.left) {
    if (error._tag === 'Internal') throw new Error(`internal error: ${JSON.stringify(error)}`)
    if (!pathIsWalkable(input, error)) throw new Error(`path not in the input: ${JSON.stringify(error.path)}`)
  }
}

/** Text edits: insertions of characters that matter to YAML and JSON, deletions, repeated lines. */
const editedText = (source: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      source,
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.nat({ max: 2 }),
          fc.oneof(
            fc.constantFrom(
              ':',
              '{',
              '}',
              '[',
              ']',
              '"',
              "'",
              '\n',
              '\t',
              '#',
              '&a',
              '*a',
              '!',
              '%',
              '@',
              '`',
              '- ',
              ',',
              '\\',
              '\u0000',
              '🙂',
              '\ufeff',
            ),
            fc.string({ maxLength: 4 }),
          ),
          fc.nat({ max: 40 }),
        ),
        { minLength: 1, maxLength: 5 },
      ),
    )
    .map(([text, edits]) => {
      let out = text
      for (const [at, kind, insert, length] of edits) {
        const i = at % (out.length + 1)
        if (kind === 0) out = out.slice(0, i) + insert + out.slice(i)
        else if (kind === 1) out = out.slice(0, i) + out.slice(i + length)
        else {
          const start = out.lastIndexOf('\n', i) + 1
          const end = out.indexOf('\n', i)
          const line = out.slice(start, end < 0 ? out.length : end + 1)
          out = out.slice(0, start) + line + out.slice(start)
        }
      }
      return out
    })

const yamlText = editedText(fc.constantFrom(...texts))
const jsonText = editedText(fc.constantFrom(...bases.map((b) => JSON.stringify(b, null, 1))))

/** parseScenarioText on one text: never throws; syntax errors carry a line and a column. */
const checkText = (stats: FuzzStats, text: string, format: 'yaml' | 'json'): void => {
  const result = timed(stats, () => parseScenarioText(text, { file: `fuzz.${format}`, format }))
  assertPrototypesIntact()
  if (result._tag === 'Right') {
    stats.accepted++
    return
  }
  stats.rejected++
  for (const error of result.left) {
    if (error._tag === 'Internal') throw new Error(`internal error: ${JSON.stringify(error)}`)
    if (error._tag === 'Syntax' && !(error.line !== undefined && error.line >= 1 && (error.column ?? 0) >= 1))
      throw new Error(`a syntax error without a line and column: ${JSON.stringify(error)}`)
  }
}

// ---------------------------------------------------------------------------------------------------
// expressions

const INDEX: ExpressionIndex = {
  parameter: (name) => ['p0', 'p1', 'p2'].indexOf(name),
  actor: (id) => ['a0', 'a1'].indexOf(id),
  option: (_actor, id) => ['o0', 'o1'].indexOf(id),
}
const token = fc.constantFrom(
  'p0',
  'p1',
  'p2',
  'q',
  '0',
  '1',
  '2.5',
  '1e308',
  '1e-320',
  '0.0',
  '+',
  '-',
  '*',
  '/',
  '%',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'and',
  'or',
  'not',
  '?',
  ':',
  '(',
  ')',
  ',',
  '[',
  ']',
  'min(',
  'max(',
  'clamp(',
  'abs(',
  'sqrt(',
  'exp(',
  'log(',
  'pow(',
  'round(',
  'floor(',
  'ceil(',
  "chose('a0', 'o0')",
  "chose('a1', 'o1')",
  "count('o0', ['a0', 'a1'])",
  "'a0'",
  'this',
  'constructor',
  '__proto__',
)
/** Well-formed expressions from the grammar, so most parse and the closure and columns are compared. */
const grammatical: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'p0',
      'p1',
      'p2',
      '0',
      '1',
      '2.5',
      '1e308',
      '1e-320',
      "chose('a0', 'o0')",
      "count('o1', ['a0', 'a1'])",
    ),
    tie('e').map((x) => `(${x})`),
    fc.tuple(fc.constantFrom('-', '+', 'not '), tie('e')).map(([op, x]) => `${op}${x}`),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'),
        tie('e'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc
      .tuple(fc.constantFrom('abs', 'sqrt', 'exp', 'log', 'round', 'floor', 'ceil'), tie('e'))
      .map(([f, x]) => `${f}(${x})`),
    fc.tuple(fc.constantFrom('min', 'max', 'pow'), tie('e'), tie('e')).map(([f, x, y]) => `${f}(${x}, ${y})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([x, lo, hi]) => `clamp(${x}, ${lo}, ${hi})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([q, x, y]) => `${q} ? ${x} : ${y}`),
  ),
})).e

const expressionText = fc.oneof(
  grammatical,
  fc.array(token, { minLength: 1, maxLength: 24 }).map((tokens) => tokens.join(' ')),
  fc.string({ maxLength: 30 }),
)
const testValues = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
)

/**
 * One expression: parsing never throws; when it parses and names only known things, the compiled closure
 * and the column (block) evaluation never throw and agree bit for bit on every trial.
 */
const checkExpression = (
  stats: FuzzStats,
  text: string,
  rows: ReadonlyArray<ReadonlyArray<number>>,
  choices: ReadonlyArray<number>,
): void => {
  const parsed = timed(stats, () => parseExpression(text))
  assertPrototypesIntact()
  if (!parsed.ok) {
    stats.rejected++
    if (typeof parsed.problem.message !== 'string') throw new Error('a parse error without a message')
    return
  }
  const known =
    [...parametersRead(parsed.value)].every((p) => INDEX.parameter(p) >= 0) &&
    [...actorsRead(parsed.value)].every((a) => INDEX.actor(a) >= 0)
  if (!known) {
    stats.rejected++
    return
  }
  stats.accepted++
  const closure = compileExpression(parsed.value, INDEX)
  const column = compileColumnExpression(parsed.value, INDEX, rows.length)
  const parameterColumns = [0, 1, 2].map((i) => Float64Array.from(rows, (row) => row[i]!))
  const choiceVector = Int32Array.from(choices)
  const values = column({ parameters: parameterColumns, choices: choiceVector }, rows.length)
  rows.forEach((row, t) => {
    const expected = closure(Float64Array.from(row), choiceVector)
    if (!Object.is(expected, values[t]))
      throw new Error(`'${text}' at ${JSON.stringify(row)}: closure ${expected}, columns ${values[t]}`)
  })
}

// ---------------------------------------------------------------------------------------------------
// runners

/** The fuzz properties, each with its share of the runs. */
export const fuzzSuites = (seed: number) => ({
  'decoder: anything': (runs: number) => {
    const stats = newStats('decoder: anything (own __proto__ keys, special values, huge and deep)')
    fc.assert(
      fc.property(anyValue, (input) => checkDecode(stats, input)),
      { numRuns: runs, seed },
    )
    return stats
  },
  'decoder: JSON values': (runs: number) => {
    const stats = newStats('decoder: fc.jsonValue()')
    fc.assert(
      fc.property(fc.jsonValue(), (input) => checkDecode(stats, input)),
      { numRuns: runs, seed },
    )
    return stats
  },
  'decoder: mutated scenarios': (runs: number) => {
    const stats = newStats('decoder: real scenarios with 1-4 mutations')
    fc.assert(
      fc.property(mutatedScenario, (input) => checkDecode(stats, input)),
      { numRuns: runs, seed },
    )
    return stats
  },
  'text: YAML': (runs: number) => {
    const stats = newStats('text: edited YAML files')
    fc.assert(
      fc.property(yamlText, (text) => checkText(stats, text, 'yaml')),
      { numRuns: runs, seed },
    )
    return stats
  },
  'text: JSON': (runs: number) => {
    const stats = newStats('text: edited JSON files')
    fc.assert(
      fc.property(jsonText, (text) => checkText(stats, text, 'json')),
      { numRuns: runs, seed },
    )
    return stats
  },
  'text: anything': (runs: number) => {
    const stats = newStats('text: arbitrary strings as YAML and JSON')
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (text, json) =>
        checkText(stats, text, json ? 'json' : 'yaml'),
      ),
      { numRuns: runs, seed },
    )
    return stats
  },
  expressions: (runs: number) => {
    const stats = newStats('expressions: parse, compile, closure = columns')
    fc.assert(
      fc.property(
        expressionText,
        fc.array(fc.array(testValues, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 2, maxLength: 2 }),
        (text, rows, choices) => checkExpression(stats, text, rows, choices),
      ),
      { numRuns: runs, seed },
    )
    return stats
  },
})
