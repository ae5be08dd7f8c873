import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createBlockEvaluator } from '../../src/engine/blockEvaluator'
import { compileScenario } from '../../src/engine/compileScenario'
import { columnarForm } from '../../src/engine/internal/columnarPlayer'
import { leafTableApplies } from '../../src/engine/internal/leafTable'
import { loadScenario } from '../../src/node'
import { decodeOrThrow } from '../internal/decodeOrThrow'

// The columnar player of choice-free scenarios must give, bit for bit, what the trial-by-trial solver gives:
// every buffer, for generated scenarios with every kind of term the player treats apart.

const distributions = [
  { uniform: [-1, 2] },
  { triangular: [0, 0.3, 1] },
  { normal: [0.2, 0.5] },
  { normal: [0, 1], truncate: [-0.5, 2] },
  { lognormal: [0, 0.5] },
  { beta: [2, 3] },
  { pert: [0, 0.6, 1] },
  { bernoulli: 0.4 },
  {
    discrete: [
      [-1, 0.2],
      [0, 0.5],
      [3, 0.3],
    ],
  },
]

const effects = [
  0.7,
  'p0',
  'p1 * 0.5 - p2',
  'p2 * 1.5 + p3 * 0.25',
  '2 - p0 + p1 * 3',
  'p0 * p1',
  'max(p2, 0.1) / (p0 + 2)',
  'd0 + 1',
  'p3 > 0.5 ? 1 : -1',
  { normal: [0, 0.3] },
  '1e308 * p0 * 1e10',
  'p0 / 0',
]

const scenarioData = fc
  .record({
    dists: fc.array(fc.integer({ min: 0, max: distributions.length - 1 }), { minLength: 4, maxLength: 4 }),
    actors: fc.array(
      fc.record({
        lambda: fc.oneof(fc.constant(0), fc.constantFrom(0.5, 2, 50, 1e6)),
        weights: fc.array(fc.oneof(fc.constant(0.4), fc.constant(0), fc.constant({ uniform: [0, 1] })), {
          minLength: 3,
          maxLength: 3,
        }),
        options: fc.array(
          fc.record({
            effects: fc.array(fc.integer({ min: -1, max: effects.length - 1 }), {
              minLength: 3,
              maxLength: 3,
            }),
            rule: fc.constantFrom(undefined, undefined, 'p0 > 0', 'p3 < 0.5', 'p0 > 100'),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    outcome: fc.boolean(),
  })
  .map((g) => {
    const factors = ['f0', 'f1', 'f2']
    const actors: Record<string, unknown> = {}
    g.actors.forEach((actor, a) => {
      const weights: Record<string, unknown> = {}
      actor.weights.forEach((w, f) => {
        weights[factors[f]!] = w
      })
      const options: Record<string, unknown> = {}
      actor.options.forEach((option, o) => {
        const optionEffects: Record<string, unknown> = {}
        option.effects.forEach((e, f) => {
          if (e >= 0) optionEffects[factors[f]!] = effects[e]
        })
        options[`o${o}`] = {
          effects: optionEffects,
          ...(option.rule === undefined ? {} : { feasible: option.rule }),
        }
      })
      actors[`a${a}`] = { ...(actor.lambda > 0 ? { rule: { logit: actor.lambda } } : {}), weights, options }
    })
    return {
      id: 'generated',
      title: 'generated choice-free scenario',
      parameters: {
        ...Object.fromEntries(g.dists.map((d, i) => [`p${i}`, { dist: distributions[d] }])),
        d0: { dist: 'p0 * 2 + p1' },
      },
      factors: Object.fromEntries(factors.map((f) => [f, {}])),
      actors,
      ...(g.outcome
        ? { outcomes: { first_picks_o0: { expr: "chose('a0', 'o0')" }, sum: { expr: 'p0 + d0' } } }
        : {}),
    }
  })

// Perfect-information trees: effects and feasibility that read earlier movers' choices, including rules
// under which a mover can have no feasible option.
const dynamicEffects = [
  "chose('a0', 'o0') ? p0 : -p1",
  "count('o1', ['a0', 'a1']) * p2 - 0.5",
  "(1 + chose('a1', 'o0')) * max(p0, p3)",
  "chose('a0', 'o1') * 1e308 * 10",
  // Flips under a nudge of p0 about every other time, so flip checks see the nudged value.
  "chose('a0', 'o0') ? ((p0 * 100) % 2 > 1 ? 3 : -3) : p1",
]
const rules = [undefined, undefined, "chose('a0', 'o0')", "not chose('a0', 'o1') or p0 > 0.5", 'p3 < 0.3']

const treeData = fc
  .record({
    // At least two actors, each with options o0 and o1, which the expressions below name.
    base: scenarioData.filter((data) => {
      const actors = Object.values(data.actors as Record<string, { options: object }>)
      return actors.length >= 2 && actors.every((actor) => Object.keys(actor.options).length >= 2)
    }),
    dynamic: fc.array(fc.integer({ min: -1, max: dynamicEffects.length - 1 }), {
      minLength: 27,
      maxLength: 27,
    }),
    rules: fc.array(fc.integer({ min: 0, max: rules.length - 1 }), { minLength: 9, maxLength: 9 }),
  })
  .map(({ base, dynamic, rules: picked }) => {
    const actors = base.actors as Record<
      string,
      { options: Record<string, { effects: Record<string, unknown> }> }
    >
    const ids = Object.keys(actors)
    ids.forEach((actor, a) => {
      Object.entries(actors[actor]!.options).forEach(([id, option], o) => {
        const effects = { ...option.effects }
        ;['f0', 'f1', 'f2'].forEach((f, i) => {
          const d = dynamic[a * 9 + o * 3 + i]!
          // Only choices of actors that move earlier (or never: then chose() is 0) are read.
          if (d >= 0 && a > 0) effects[f] = dynamicEffects[d]
        })
        const rule = a > 0 ? rules[picked[a * 3 + o]!] : undefined
        const { feasible: _, ...rest } = option as Record<string, unknown>
        actors[actor]!.options[id] = { ...rest, effects, ...(rule === undefined ? {} : { feasible: rule }) }
      })
    })
    return { ...base, stages: ids.map((id) => [id]) }
  })

const keys = [
  'columns',
  'parameters',
  'choices',
  'probabilities',
  'utilities',
  'feasible',
  'outcomes',
  'stageProfiles',
  'stageEquilibria',
  'stageMethods',
  'stageFlips',
] as const

const SIZE = 60

/**
 * Two evaluators of one scenario agree on every buffer, bit for bit: over a full block, then a partial one
 * of the next block (so nothing of the first may linger); blocks of 60 start on and off the grid of flip
 * checks (every 8th).
 */
const expectSameEvaluations = (
  x: ReturnType<typeof createBlockEvaluator>,
  y: ReturnType<typeof createBlockEvaluator>,
  block: number,
): void => {
  for (const [index, count] of [
    [block, SIZE],
    [block + 1, 37],
  ] as const) {
    const a = x.evaluate('seed', index, count)
    const b = y.evaluate('seed', index, count)
    for (const key of keys) {
      const per = a[key].length / SIZE
      for (let k = 0; k < per; k++)
        for (let t = 0; t < count; t++) {
          const i = k * SIZE + t
          if (!Object.is(a[key][i], b[key][i]))
            throw new Error(`${key}[${k}][${t}]: ${a[key][i]}, against ${b[key][i]}`)
        }
    }
  }
}

/** The columnar player against the plain trial-by-trial solver (no leaf table), bit for bit. */
const expectSameBlocks = (
  compiled: ReturnType<typeof compileScenario>,
  block: number,
  rememberedColumns?: number,
): void =>
  expectSameEvaluations(
    createBlockEvaluator(compiled, {
      blockSize: SIZE,
      ...(rememberedColumns === undefined ? {} : { rememberedColumns }),
    }),
    createBlockEvaluator(compiled, { blockSize: SIZE, columnar: false, leafTable: false }),
    block,
  )

// Simultaneous stages: the trees of treeData with some movers grouped into one stage, which the columnar
// player leaves to the trial-by-trial solver and its leaf table.
const simultaneousData = fc.tuple(treeData, fc.boolean()).map(([data, together]) => {
  const ids = (data.stages as string[][]).map(([id]) => id!)
  const first = together || ids.length === 2
  const stages = first ? [ids] : [[ids[0]!], ids.slice(1)]
  if (!first) return { ...data, stages }
  // Feasibility may read only earlier stages' choices: with a0 in the same stage, such rules go.
  type Actor = { options: Record<string, Record<string, unknown>> }
  const actors = Object.fromEntries(
    Object.entries(data.actors as Record<string, Actor>).map(([id, actor]) => {
      const options = Object.fromEntries(
        Object.entries(actor.options).map(([o, option]) => {
          const { feasible, ...rest } = option
          return [o, typeof feasible === 'string' && feasible.includes('chose(') ? rest : option]
        }),
      )
      return [id, { ...actor, options }]
    }),
  )
  return { ...data, actors, stages }
})

describe('the leaf table of the trial-by-trial solver', () => {
  it('gives bit-identical blocks to computing every leaf per trial, within its budget or past it', () => {
    let tabulated = 0
    fc.assert(
      fc.property(
        simultaneousData,
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(undefined, 0, 5),
        (data, block, leafColumns) => {
          const compiled = compileScenario(decodeOrThrow(data))
          expect(columnarForm(compiled)).toBeUndefined()
          if (leafTableApplies(compiled)) tabulated++
          const table = createBlockEvaluator(compiled, {
            blockSize: SIZE,
            ...(leafColumns === undefined ? {} : { leafColumns }),
          })
          const plain = createBlockEvaluator(compiled, { blockSize: SIZE, leafTable: false })
          expectSameEvaluations(table, plain, block)
        },
      ),
      { numRuns: 100, seed: 20261124 },
    )
    // Most generated games have effects that read choices, and so a table.
    expect(tabulated).toBeGreaterThan(50)
  })

  it('is left out of games whose leaves do not fit, such as a stage solved by best-response dynamics', () => {
    // 65 × 65 profiles are past what a stage tabulates (4,096), so dynamics solve it, visiting different
    // leaves in different trials; 4 × 4 profiles of 2 actors fit in the table's 2,048 columns.
    const options = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, o) => [`o${o}`, { effects: { f: `p * ${o} - chose('b', 'o${o}')` } }]),
      )
    const wide = (n: number) =>
      compileScenario(
        decodeOrThrow({
          id: 'wide',
          title: 'two movers with many options',
          parameters: { p: { dist: { uniform: [0, 1] } } },
          factors: { f: {} },
          actors: {
            a: { weights: { f: 1 }, options: options(n) },
            b: { weights: { f: 1 }, options: options(n) },
          },
          stages: [['a', 'b']],
        }),
      )
    expect(leafTableApplies(wide(4))).toBe(true)
    expect(leafTableApplies(wide(65))).toBe(false)
  })
})

describe('the columnar player of independent decisions', () => {
  it('gives bit-identical blocks to the trial-by-trial solver', () => {
    fc.assert(
      fc.property(scenarioData, fc.integer({ min: 0, max: 1000 }), (data, block) => {
        const compiled = compileScenario(decodeOrThrow(data))
        expect(compiled.choiceFree).toBe(true)
        expectSameBlocks(compiled, block)
      }),
      { numRuns: 150, seed: 20261121 },
    )
  })

  // Every option of the benchmark model has four effects k₀·x₀ ± k₁·x₁ under fixed weights, which the
  // player adds four at a time. They start from zero, so the last two are the ones whose order shows.
  it("adds runs of affine effects four at a time in the solver's order (the benchmark model)", async () => {
    const loaded = await loadScenario('bench/synthetic.yaml')
    if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
    for (const block of [0, 7]) expectSameBlocks(compileScenario(loaded.right), block)
  })

  // Runs of 7, 6 and 5 such effects: four at a time, then two, then one, each after the sum of the four,
  // where only the solver's order of addition gives its bits.
  it("adds longer runs of affine effects four, two and one at a time in the solver's order", async () => {
    const loaded = await loadScenario('bench/synthetic.yaml')
    if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
    const scenario = structuredClone(loaded.right) as unknown as {
      actors: Record<
        string,
        { weights: Record<string, unknown>; options: Record<string, { effects: object }> }
      >
    }
    const estimate = { basis: 'estimate', rationale: 'test' }
    const a1 = scenario.actors.a1!
    for (const [factor, weight] of [
      ['security', 0.6],
      ['domestic', 1.3],
      ['risk', 0.45],
    ] as const)
      a1.weights[factor] = { fixed: weight, ...estimate }
    const extra = (expressions: ReadonlyArray<readonly [string, string]>) =>
      Object.fromEntries(expressions.map(([factor, expr]) => [factor, { expr, ...estimate }]))
    Object.assign(
      a1.options.o1!.effects,
      extra([
        ['security', 'p4 * 0.7 - p17'],
        ['domestic', 'p12 + p6 * 1.9'],
        ['risk', 'p9 * 2.1 + p14'],
      ]),
    )
    Object.assign(
      a1.options.o2!.effects,
      extra([
        ['security', 'p1 * 0.3 + p20'],
        ['domestic', 'p15 - p7 * 0.9'],
      ]),
    )
    Object.assign(a1.options.o3!.effects, extra([['risk', 'p11 * 1.1 - p3']]))
    const compiled = compileScenario(decodeOrThrow(scenario))
    expect(columnarForm(compiled)).toBe('independent')
    for (const block of [0, 7]) expectSameBlocks(compiled, block)
  })

  it('solves perfect-information trees bit-identically to the trial-by-trial solver', () => {
    let trees = 0
    fc.assert(
      fc.property(
        treeData,
        fc.integer({ min: 0, max: 1000 }),
        // The columns the player may make to remember leaf values: the default, none, or a few (so some
        // leaves remember and the rest recompute).
        fc.constantFrom(undefined, 0, 3),
        (data, block, rememberedColumns) => {
          const compiled = compileScenario(decodeOrThrow(data))
          expect(columnarForm(compiled)).toBeDefined()
          if (columnarForm(compiled) === 'tree') trees++
          expectSameBlocks(compiled, block, rememberedColumns)
        },
      ),
      { numRuns: 150, seed: 20261122 },
    )
    expect(trees).toBeGreaterThan(50)
  })

  it('remembers leaf sums per combination of choices read, and sums in place past its limit', () => {
    // Four actors with three options: a term reading every actor's choice has 4^4 = 256 combinations,
    // past what the player remembers (64), so each option's sum is remembered for its first terms and
    // made in place from there.
    const many = "count('o1', ['a0', 'a1', 'a2', 'a3']) * p0 + chose('a3', 'o2')"
    const one = "chose('a0', 'o0') ? p1 : -p2"
    const ids = ['a0', 'a1', 'a2', 'a3']
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 36, maxLength: 36 }),
        fc.constantFrom(0.5, 2, 1e6),
        fc.integer({ min: 0, max: 1000 }),
        (order, lambda, block) => {
          const effect = (pick: number) => [0.3, one, many][pick]
          const actors = Object.fromEntries(
            ids.map((id, a) => [
              id,
              {
                rule: { logit: lambda },
                weights: { f0: { uniform: [0, 1] }, f1: 0.5, f2: 0.25 },
                options: Object.fromEntries(
                  ['o0', 'o1', 'o2'].map((o, i) => [
                    o,
                    {
                      effects: Object.fromEntries(
                        ['f0', 'f1', 'f2'].map((f, j) => [f, effect(order[a * 9 + i * 3 + j]!)]),
                      ),
                    },
                  ]),
                ),
              },
            ]),
          )
          const compiled = compileScenario(
            decodeOrThrow({
              id: 'wide-tree',
              title: 'a tree whose leaf terms read every choice',
              parameters: {
                p0: { dist: { normal: [0, 1] } },
                p1: { dist: { pert: [0, 0.3, 1] } },
                p2: { dist: { uniform: [-1, 1] } },
              },
              factors: { f0: {}, f1: {}, f2: {} },
              actors,
              stages: ids.map((id) => [id]),
            }),
          )
          expect(columnarForm(compiled)).toBe('tree')
          expectSameBlocks(compiled, block)
        },
      ),
      { numRuns: 25, seed: 20261123 },
    )
  })

  it('is what choice-free scenarios use, and it checks one trial in eight for flips', () => {
    const compiled = compileScenario(decodeOrThrow(scenarioSample()))
    const output = createBlockEvaluator(compiled).evaluate('1', 3, 1024)
    let checked = 0
    for (let t = 0; t < 1024; t++) if (output.stageFlips[t]! >= 0) checked++
    expect(checked).toBe(128)
  })
})

const scenarioSample = () => fc.sample(scenarioData, { numRuns: 1, seed: 7 })[0]!
