import fc from 'fast-check'

/** A generated scenario in plain data, always valid, of 1–3 sequential actors with 1–3 options and 1–3 factors. */
export interface GeneratedScenario {
  readonly data: Record<string, unknown>
  readonly actors: ReadonlyArray<string>
  readonly factors: ReadonlyArray<string>
}

const quantity = fc.oneof(
  fc.double({ min: -1, max: 1, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc
    .tuple(fc.double({ min: -1, max: 0.9, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }))
    .map(([lo, width]) => ({
      uniform: [Math.round(lo * 100) / 100, Math.round((lo + width) * 100) / 100 + 0.01],
    })),
)

const weight = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc
    .double({ min: 0, max: 0.8, noNaN: true })
    .map((lo) => ({ uniform: [Math.round(lo * 100) / 100, Math.round(lo * 100) / 100 + 0.2] })),
)

/** Options for the generator. */
export interface ScenarioArbitraryOptions {
  /** Only constant or uniform effects, no choice-dependent ones, no feasibility rules. */
  readonly plain?: boolean
  /** Only argmax actors. */
  readonly argmaxOnly?: boolean
  readonly maxActors?: number
}

export const scenarioArbitrary = (options: ScenarioArbitraryOptions = {}): fc.Arbitrary<GeneratedScenario> =>
  fc
    .record({
      actorCount: fc.integer({ min: 1, max: options.maxActors ?? 3 }),
      factorCount: fc.integer({ min: 1, max: 3 }),
      optionCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
      lambdas: fc.array(
        fc.oneof(fc.constant(0), fc.constant(0), fc.double({ min: 0.5, max: 8, noNaN: true })),
        { minLength: 3, maxLength: 3 },
      ),
      weights: fc.array(weight, { minLength: 9, maxLength: 9 }),
      effects: fc.array(quantity, { minLength: 27, maxLength: 27 }),
      dynamic: fc.array(fc.boolean(), { minLength: 27, maxLength: 27 }),
      feasibleRule: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
      p: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    })
    .map((g) => {
      const actors = Array.from({ length: g.actorCount }, (_, a) => `actor_${a}`)
      const factors = Array.from({ length: g.factorCount }, (_, f) => `factor_${f}`)
      const actorData: Record<string, unknown> = {}
      actors.forEach((actor, a) => {
        const optionCount = g.optionCounts[a]!
        const weights: Record<string, unknown> = {}
        factors.forEach((factor, f) => {
          weights[factor] = g.weights[a * 3 + f]!
        })
        const optionData: Record<string, unknown> = {}
        for (let o = 0; o < optionCount; o++) {
          const effects: Record<string, unknown> = {}
          factors.forEach((factor, f) => {
            const k = a * 9 + o * 3 + f
            const other = actors[(a + 1) % actors.length]!
            const useDynamic = options.plain !== true && g.dynamic[k] === true && actors.length > 1
            effects[factor] = useDynamic
              ? `chose('${other}', 'option_0') ? ${typeof g.effects[k] === 'number' ? g.effects[k] : 0.3} : -0.2`
              : g.effects[k]!
          })
          // The first option is always feasible, so every actor can move.
          const feasible =
            options.plain !== true && o > 0 && g.feasibleRule[a * 3 + o] === true
              ? { feasible: 'flag == 1' }
              : {}
          optionData[`option_${o}`] = { effects, ...feasible }
        }
        const lambda = options.argmaxOnly === true ? 0 : g.lambdas[a]!
        actorData[actor] = { weights, options: optionData, rule: lambda === 0 ? 'argmax' : { logit: lambda } }
      })
      const data = {
        id: 'generated',
        title: 'A generated scenario',
        parameters: { flag: { dist: { bernoulli: g.p } } },
        factors: Object.fromEntries(factors.map((factor) => [factor, {}])),
        actors: actorData,
        stages: actors.map((actor) => [actor]),
        outcomes: { first_takes_option_0: `chose('${actors[0]}', 'option_0')`, flag_value: 'flag * 2' },
      }
      return { data, actors, factors }
    })
