import type * as z from 'zod'
import { type ScenarioError, scenarioError } from '../scenarioError'
import { DISTRIBUTION_KEYS, DISTRIBUTION_SIBLING_KEYS, KNOWN_KEYS } from '../scenarioSchema'
import { describeValue } from './describeValue'
import { suggestNames } from './nearestNames'
import { isPlainObject, valueAt } from './rawAccess'

type Path = ReadonlyArray<string | number>
type ZodIssue = z.core.$ZodIssue

const QUANTITY_EXPECTED =
  'a number, an expression string, or a distribution object such as { uniform: [lo, hi] }'
const WEIGHT_EXPECTED =
  'a number or a distribution object such as { pert: [lo, mode, hi] } (weights cannot be expressions)'

const isWeightPath = (path: Path): boolean =>
  path.length === 4 && path[0] === 'actors' && path[2] === 'weights'

/** Which keys the object at `path` accepts, judged by where it stands. @internal */
const knownKeysAt = (path: Path): ReadonlyArray<string> => {
  const n = path.length
  if (n === 0) return KNOWN_KEYS.root
  if (path[n - 2] === 'evidence') return KNOWN_KEYS.evidence
  if (path[0] === 'sources' && n === 2) return KNOWN_KEYS.source
  if (path[0] === 'parameters' && n === 2) return KNOWN_KEYS.parameter
  if (path[0] === 'factors' && n === 2) return KNOWN_KEYS.factor
  if (path[0] === 'outcomes' && n === 2) return KNOWN_KEYS.outcome
  if (path[0] === 'actors' && n === 2) return KNOWN_KEYS.actor
  if (path[0] === 'actors' && n === 3 && path[2] === 'rule') return KNOWN_KEYS.rule
  if (path[0] === 'actors' && n === 4 && path[2] === 'options') return KNOWN_KEYS.option
  if (path[0] === 'stages' && n === 2) return KNOWN_KEYS.stage
  return [...DISTRIBUTION_KEYS, ...DISTRIBUTION_SIBLING_KEYS]
}

/** The error for a value that matched no branch of a number/expression/distribution union. */
const quantityError = (input: unknown, path: Path, branchIssues: ReadonlyArray<ReadonlyArray<ZodIssue>>) => {
  const value = valueAt(input, path)
  const expected = isWeightPath(path) ? WEIGHT_EXPECTED : QUANTITY_EXPECTED
  if (value === undefined)
    return [scenarioError('MissingKey', path, expected, 'nothing', `add '${String(path.at(-1))}'`)]
  if (!isPlainObject(value)) return [scenarioError('InvalidType', path, expected, describeValue(value))]
  const allowed = isWeightPath(path) ? DISTRIBUTION_KEYS.filter((k) => k !== 'expr') : DISTRIBUTION_KEYS
  const keys = Object.keys(value)
  const present = keys.filter((k) => (DISTRIBUTION_KEYS as ReadonlyArray<string>).includes(k))
  if (present.length === 1) {
    const key = present[0]!
    if (!allowed.includes(key as (typeof allowed)[number]))
      return [
        scenarioError('InvalidType', path, expected, `{ ${key}: ... }`, 'give a number or a distribution'),
      ]
    // Report the problems of the branch the author meant: the object branch that knows the key.
    const branch = branchIssues.find((issues) =>
      issues.every(
        (issue) =>
          !(issue.code === 'unrecognized_keys' && issue.keys.includes(key)) &&
          !(issue.code === 'invalid_type' && issue.path.length === 0),
      ),
    )
    if (branch !== undefined) return branch.flatMap((issue) => issueToErrors(issue, input, path))
  }
  if (present.length > 1)
    return [
      scenarioError(
        'InvalidDistribution',
        path,
        'exactly one distribution key',
        `keys ${present.join(', ')}`,
        'a distribution object has one kind: keep one of them',
      ),
    ]
  const unknown = keys.find((k) => !DISTRIBUTION_SIBLING_KEYS.has(k)) ?? keys[0] ?? ''
  return [
    scenarioError(
      'InvalidDistribution',
      path,
      `a distribution key (${allowed.join(', ')})`,
      keys.length === 0 ? 'an empty object' : `'${unknown}'`,
      keys.length === 0 ? 'write e.g. { uniform: [0, 1] }' : suggestNames(unknown, allowed, 'distribution'),
    ),
  ]
}

/**
 * Turns one zod issue into scenario errors with paths, expectations, findings and hints.
 * @internal
 */
export const issueToErrors = (
  issue: ZodIssue,
  input: unknown,
  base: Path = [],
): ReadonlyArray<ScenarioError> => {
  const path: Path = [...base, ...(issue.path as ReadonlyArray<string | number>)]
  const found = describeValue(valueAt(input, path))
  switch (issue.code) {
    case 'invalid_type': {
      const missing = valueAt(input, path) === undefined
      const expected = issue.expected === 'tuple' ? 'a list' : `a value of type ${issue.expected}`
      if (missing)
        return [
          scenarioError('MissingKey', path, `${expected} here`, 'nothing', `add '${String(path.at(-1))}'`),
        ]
      const numberHint =
        issue.expected === 'number' && typeof valueAt(input, path) === 'string'
          ? 'write the number without quotes'
          : issue.expected === 'number'
            ? 'numbers must be finite'
            : undefined
      return [scenarioError('InvalidType', path, expected, found, numberHint)]
    }
    case 'unrecognized_keys': {
      const known = knownKeysAt(path)
      return issue.keys.map((key) =>
        scenarioError(
          'UnknownKey',
          [...path, key],
          `one of the keys ${known.join(', ')}`,
          `'${key}'`,
          suggestNames(key, known, 'key'),
        ),
      )
    }
    case 'invalid_union': {
      const value = valueAt(input, path)
      if (path.length === 3 && path[0] === 'actors' && path[2] === 'rule')
        return [
          scenarioError(
            'InvalidValue',
            path,
            "'argmax' or { logit: lambda } with lambda > 0",
            describeValue(value),
          ),
        ]
      if (path.length === 2 && path[0] === 'stages')
        return [
          scenarioError(
            'InvalidType',
            path,
            'a list of actor ids, or { actors: [...], selection: ... }',
            describeValue(value),
          ),
        ]
      if (path.length === 2 && path[0] === 'outcomes')
        return [
          scenarioError('InvalidType', path, 'an expression string or { expr: ... }', describeValue(value)),
        ]
      return quantityError(input, path, issue.errors)
    }
    case 'invalid_format':
      return [
        scenarioError(
          'InvalidValue',
          path,
          'an id in lowercase snake case (a letter, then letters, digits, _)',
          found,
          "for example 'us_ties'",
        ),
      ]
    case 'invalid_key': {
      const key = String(path.at(-1))
      return [
        scenarioError(
          'InvalidValue',
          path,
          'an id in lowercase snake case (a letter, then letters, digits, _)',
          `the key ${JSON.stringify(key)}`,
          `rename it, e.g. '${
            key
              .toLowerCase()
              .replace(/[^a-z0-9_]+/g, '_')
              .replace(/^[^a-z]+/, '') || 'name'
          }'`,
        ),
      ]
    }
    case 'too_small': {
      const what =
        issue.origin === 'array'
          ? `a list of at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? 'a non-empty string'
            : `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`
      return [scenarioError('InvalidValue', path, what, found)]
    }
    case 'too_big': {
      const what =
        issue.origin === 'array' ? `a list of at most ${issue.maximum} items` : `at most ${issue.maximum}`
      return [scenarioError('InvalidValue', path, what, found)]
    }
    case 'invalid_value':
      return [
        scenarioError(
          'InvalidValue',
          path,
          `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          found,
        ),
      ]
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, string>
      return [
        scenarioError(
          'InvalidDistribution',
          path,
          params['expected'] ?? issue.message,
          params['found'] ?? found,
        ),
      ]
    }
    default:
      return [scenarioError('InvalidValue', path, issue.message, found)]
  }
}
