import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_DESIGN_VALUES } from '../../src/analysis/internal/checkCount'
import { morris } from '../../src/analysis/morris'
import { sobol } from '../../src/analysis/sobol'
import { decodeScenario } from '../../src/model/decodeScenario'
import { MAX_BRACKET_DEPTH, MAX_EXPRESSION_LENGTH } from '../../src/model/expression'
import {
  MAX_ACTORS,
  MAX_FACTORS,
  MAX_GAME_TREE_NODES,
  MAX_LIST_LENGTH,
  MAX_LOGIT_STAGE_PROFILES,
  MAX_OPTIONS,
  MAX_PARAMETERS,
  MAX_STAGE_ACTORS,
  MAX_TEXT_LENGTH,
  MAX_TOTAL_OPTIONS,
  MAX_UNCERTAIN_INPUTS,
  MAX_VALUES,
} from '../../src/model/internal/semanticChecks'
import { MAX_SCENARIO_TEXT_LENGTH, parseScenarioText } from '../../src/model/parseScenarioText'
import type { ScenarioError } from '../../src/model/scenarioError'
import { loadScenario } from '../../src/node'
import { MAX_TRIALS, simulate } from '../../src/run/simulate'
import { decodeOrThrow } from '../internal/decodeOrThrow'

// Every declared limit (docs/limits.md): one past it gives a LimitExceeded error with a path and a hint, at
// once, rather than a hang or an out-of-memory; at the limit, the scenario is accepted.

const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
const actor = (options: ReadonlyArray<string>, extra: Record<string, unknown> = {}) => ({
  weights: { f0: 1 },
  options: Object.fromEntries(options.map((o) => [o, {}])),
  ...extra,
})
const scenario = (fields: Record<string, unknown>) => ({
  id: 'limits',
  title: 'Limits',
  factors: { f0: {} },
  actors: { a0: actor(['yes', 'no']) },
  ...fields,
})

/** The decoder's errors for an input past a limit: every one with a hint. */
const errorsFor = (input: unknown): ReadonlyArray<ScenarioError> => {
  const decoded = decodeScenario(input)
  if (decoded._tag === 'Right') throw new Error('expected the limit to be refused')
  for (const error of decoded.left) expect(error.hint ?? '').not.toBe('')
  return decoded.left
}
const limitErrors = (input: unknown) => errorsFor(input).filter((error) => error._tag === 'LimitExceeded')

const accepted = (input: unknown): void => {
  const decoded = decodeScenario(input)
  if (decoded._tag === 'Left') throw new Error(JSON.stringify(decoded.left.slice(0, 2)).slice(0, 500))
}

describe('declared limits', () => {
  it(`actors: ${MAX_ACTORS}`, () => {
    // Two simultaneous stages, so the game tree stays small.
    const at = (n: number) => {
      const ids = range(n, 'a')
      return scenario({
        actors: Object.fromEntries(ids.map((a) => [a, actor(['yes'])])),
        stages: [ids.slice(0, MAX_STAGE_ACTORS), ids.slice(MAX_STAGE_ACTORS)],
      })
    }
    accepted(at(MAX_ACTORS))
    expect(limitErrors(at(MAX_ACTORS + 1))).toContainEqual(
      expect.objectContaining({ path: ['actors'], found: `${MAX_ACTORS + 1}` }),
    )
  })

  it(`options per actor: ${MAX_OPTIONS}; options in all: ${MAX_TOTAL_OPTIONS}`, () => {
    accepted(scenario({ actors: { a0: actor(range(MAX_OPTIONS, 'o')) } }))
    expect(limitErrors(scenario({ actors: { a0: actor(range(MAX_OPTIONS + 1, 'o')) } }))).toEqual([
      expect.objectContaining({ path: ['actors', 'a0', 'options'] }),
    ])
    const ids = range(5, 'a')
    const many = Object.fromEntries(ids.map((a) => [a, actor(range(MAX_TOTAL_OPTIONS / 5 + 1, 'o'))]))
    expect(limitErrors(scenario({ actors: many, stages: [ids] }))).toContainEqual(
      expect.objectContaining({ path: ['actors'], found: `${MAX_TOTAL_OPTIONS + 5}` }),
    )
  })

  it(`factors: ${MAX_FACTORS}; parameters: ${MAX_PARAMETERS}`, () => {
    const factors = Object.fromEntries(range(MAX_FACTORS + 1, 'f').map((f) => [f, {}]))
    expect(limitErrors(scenario({ factors }))).toEqual([expect.objectContaining({ path: ['factors'] })])
    const parameters = Object.fromEntries(range(MAX_PARAMETERS + 1, 'p').map((p) => [p, { dist: 1 }]))
    expect(limitErrors(scenario({ parameters }))).toEqual([expect.objectContaining({ path: ['parameters'] })])
  })

  it(`uncertain inputs: ${MAX_UNCERTAIN_INPUTS}`, () => {
    const options = Object.fromEntries(
      range(MAX_OPTIONS, 'o').map((o) => [
        o,
        { effects: Object.fromEntries(range(5, 'f').map((f) => [f, { uniform: [0, 1] }])) },
      ]),
    )
    const input = scenario({
      factors: Object.fromEntries(range(5, 'f').map((f) => [f, {}])),
      actors: { a0: { weights: Object.fromEntries(range(5, 'f').map((f) => [f, 1])), options } },
    })
    expect(limitErrors(input)).toEqual([expect.objectContaining({ path: [], found: '5000' })])
  })

  it(`actors moving at once: ${MAX_STAGE_ACTORS}`, () => {
    const ids = range(MAX_STAGE_ACTORS + 1, 'a')
    const input = scenario({
      actors: Object.fromEntries(ids.map((a) => [a, actor(['yes'])])),
      stages: [ids],
    })
    expect(limitErrors(input)).toEqual([expect.objectContaining({ path: ['stages', 0] })])
  })

  it('joint choices of all actors: 2^53', () => {
    // 30 actors with 3 options: 4^30 = 2^60 joint codes.
    const ids = range(30, 'a')
    const input = scenario({
      actors: Object.fromEntries(ids.map((a) => [a, actor(['x', 'y', 'z'])])),
      stages: [ids.slice(0, 15), ids.slice(15)],
    })
    expect(limitErrors(input)).toContainEqual(
      expect.objectContaining({ path: ['actors'], found: 'about 2^60' }),
    )
  })

  it(`game-tree histories: ${MAX_GAME_TREE_NODES}; logit stage profiles: ${MAX_LOGIT_STAGE_PROFILES}`, () => {
    const ids = range(6, 'a')
    const deep = scenario({ actors: Object.fromEntries(ids.map((a) => [a, actor(range(20, 'o'))])) })
    expect(limitErrors(deep)).toEqual([expect.objectContaining({ path: ['stages'] })])
    const wide = scenario({
      actors: Object.fromEntries(range(4, 'a').map((a) => [a, actor(range(9, 'o'), { rule: { logit: 1 } })])),
      stages: [range(4, 'a')],
    })
    expect(limitErrors(wide)).toEqual([
      expect.objectContaining({ path: ['stages', 0], found: '6561 joint profiles' }),
    ])
  })

  it(`expressions: ${MAX_EXPRESSION_LENGTH} characters, ${MAX_BRACKET_DEPTH} levels of brackets`, () => {
    const effect = (expr: string) =>
      scenario({
        actors: { a0: { weights: { f0: 1 }, options: { yes: { effects: { f0: expr } }, no: {} } } },
      })
    const path = ['actors', 'a0', 'options', 'yes', 'effects', 'f0']
    // max(1,1,…,1): long but shallow, 6 + 2n characters.
    const wide = (n: number) => `max(${'1,'.repeat(n)}1)`
    accepted(effect(wide((MAX_EXPRESSION_LENGTH - 6) / 2)))
    expect(errorsFor(effect(wide(MAX_EXPRESSION_LENGTH / 2)))).toEqual([expect.objectContaining({ path })])
    const nested = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`
    accepted(effect(nested(MAX_BRACKET_DEPTH)))
    expect(errorsFor(effect(nested(MAX_BRACKET_DEPTH + 1)))).toEqual([expect.objectContaining({ path })])
  })

  it(`lists: ${MAX_LIST_LENGTH} elements; texts: ${MAX_TEXT_LENGTH} characters (refused before the schema walks them)`, () => {
    const started = performance.now()
    const list = limitErrors(scenario({ sources: Array.from({ length: MAX_LIST_LENGTH + 1 }, () => 0) }))
    expect(list).toEqual([
      expect.objectContaining({ path: ['sources'], found: `${MAX_LIST_LENGTH + 1} elements` }),
    ])
    const text = limitErrors(scenario({ title: 'x'.repeat(MAX_TEXT_LENGTH + 1) }))
    expect(text).toEqual([expect.objectContaining({ path: ['title'] })])
    // Both at once, fast: no error per element.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it(`values in a whole scenario: ${MAX_VALUES}`, () => {
    const started = performance.now()
    // 200 lists of 5,001 numbers: each list within its limit, a million values in all.
    const parameters = Object.fromEntries(
      range(200, 'p').map((p) => [p, { dist: 1, evidence: Array.from({ length: 5001 }, () => 0) }]),
    )
    expect(limitErrors(scenario({ parameters }))).toEqual([expect.objectContaining({ path: [] })])
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it(`sampling designs: ${MAX_DESIGN_VALUES} numbers`, () => {
    const inputs = { x: { uniform: [0, 1] }, y: { uniform: [0, 1] } } as const
    expect(() => sobol({ inputs, model: ({ x }) => x, samples: MAX_DESIGN_VALUES / 2 + 1 })).toThrow(
      /samples × inputs must be at most 16,777,216/,
    )
    expect(() =>
      morris({ inputs, model: ({ x }) => x, trajectories: Math.floor(MAX_DESIGN_VALUES / 6) + 1 }),
    ).toThrow(/trajectories × \(inputs \+ 1\) × inputs must be at most/)
  })

  it('YAML aliases: a billion-laughs expansion and an unresolved alias are refused with line and column', () => {
    const letters = 'abcdefghi'
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...[...letters.slice(1)].map((l, i) => `${l}: &${l} [${Array(10).fill(`*${letters[i]}`).join(', ')}]`),
    ].join('\n')
    const started = performance.now()
    const expanded = parseScenarioText(bomb)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(expanded._tag === 'Left' && expanded.left[0]).toMatchObject({ _tag: 'Syntax', line: 2, column: 8 })
    const unresolved = parseScenarioText('id: x\nfoo: &ok 1\ntitle: *ok\nbar: *nope\n')
    expect(unresolved._tag === 'Left' && unresolved.left[0]).toMatchObject({ line: 4, column: 6 })
  })

  it(`scenario text and file: ${MAX_SCENARIO_TEXT_LENGTH} characters or bytes`, async () => {
    const text = `# ${'x'.repeat(MAX_SCENARIO_TEXT_LENGTH)}\nid: big\n`
    const parsed = parseScenarioText(text)
    expect(parsed._tag === 'Left' && parsed.left[0]!._tag).toBe('LimitExceeded')
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-limits-'))
    try {
      const file = join(dir, 'big.yaml')
      writeFileSync(file, text)
      const loaded = await loadScenario(file)
      expect(loaded._tag === 'Left' && loaded.left[0]).toMatchObject({ _tag: 'LimitExceeded', file })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it(`trials per run: ${MAX_TRIALS}`, () => {
    const tiny = decodeOrThrow(scenario({}))
    expect(() => simulate(tiny, { trials: MAX_TRIALS + 1 })).toThrow(/trials must be a whole number from 1/)
  })
})
