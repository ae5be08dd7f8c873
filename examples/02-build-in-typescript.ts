// Building a scenario in TypeScript, and a variant of it with immer.
// Run with: npx tsx examples/02-build-in-typescript.ts
import { decodeScenario, formatScenarioError, simulate, variant } from 'statecraft'

const decoded = decodeScenario({
  id: 'transit-fare',
  title: 'A city council decides on a fare rise; the transit union responds',
  parameters: {
    deficit: {
      dist: { triangular: [10, 20, 40] },
      basis: 'estimate',
      rationale: "spans the finance office's drafts",
    },
    strike_ready: {
      dist: { bernoulli: 0.3 },
      basis: 'estimate',
      rationale: 'the union has struck once in ten years',
    },
  },
  factors: { budget: {}, ridership: {}, labour_peace: {} },
  actors: {
    council: {
      rule: { logit: 3 },
      weights: { budget: { pert: [0.3, 0.5, 0.7] }, ridership: 0.3, labour_peace: { uniform: [0.1, 0.3] } },
      options: {
        raise: {
          effects: {
            budget: 'deficit / 40',
            ridership: -0.4,
            labour_peace: "chose('union', 'strike') ? -1 : 0",
          },
        },
        hold: { effects: { budget: '-deficit / 40' } },
      },
    },
    union: {
      weights: { labour_peace: 1 },
      options: {
        strike: {
          feasible: "strike_ready == 1 and chose('council', 'raise')",
          effects: { labour_peace: 0.4 },
        },
        accept: {},
      },
    },
  },
  stages: [['council'], ['union']],
  outcomes: { fare_war: "chose('council', 'raise') and chose('union', 'strike')" },
})
if (decoded._tag === 'Left') {
  for (const error of decoded.left) console.error(formatScenarioError(error))
  process.exit(1)
}
const base = decoded.right

// A variant: the union is more ready to strike. The base scenario is not touched.
const tense = variant(base, (draft) => {
  draft.parameters!['strike_ready']!.dist = { bernoulli: 0.7 }
})
if (tense._tag === 'Left') throw new Error('the variant is invalid')

for (const [name, scenario] of [
  ['base', base],
  ['tense', tense.right],
] as const) {
  const summary = simulate(scenario, { trials: 20_000, seed: 1 })
  const raise = summary.actors['council']!.options['raise']!
  const fareWar = summary.outcomes['fare_war']!
  console.log(
    `${name}: council raises fares in ${(100 * raise.share).toFixed(1)}% of trials; fare war ${fareWar.kind === 'share' ? (100 * fareWar.share).toFixed(1) : '?'}%`,
  )
}
