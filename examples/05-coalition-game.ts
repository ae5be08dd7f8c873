// Games under uncertainty: the ISF coalition, solved as a simultaneous game in every draw,
// and a textbook game solved directly, as one would in Gambit or Nashpy.
// Run with: npx tsx examples/05-coalition-game.ts   (after `npm run build`)
import {
  gameFromFunction,
  lemkeHowson,
  pureEquilibria,
  simulate,
  supportEnumeration,
  variant,
} from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-coalition.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the coalition scenario is invalid')

// The same draws under two equilibrium selection rules: the assumption that decides the answer.
for (const selection of ['payoff-dominant', 'risk-dominant'] as const) {
  const scenario = variant(loaded.right, (draft) => {
    draft.selection = selection
  })
  if (scenario._tag === 'Left') throw new Error('invalid variant')
  const summary = simulate(scenario.right, { trials: 4000, seed: 42, drivers: false })
  const forms = summary.outcomes['force_forms']
  const stage = summary.stages[1]!
  console.log(
    `${selection.padEnd(16)} force forms in ${forms?.kind === 'share' ? (100 * forms.share).toFixed(1) : '?'}% of draws; ` +
      `several pure equilibria in ${(100 * stage.pureEquilibria.several).toFixed(1)}%; flip rate ${(100 * stage.flipRate).toFixed(2)}%`,
  )
}

// Battle of the sexes, directly: two pure equilibria and one mixed.
const game = gameFromFunction([2, 2], (profile, player) => {
  const cell = profile[0]! * 2 + profile[1]!
  return player === 0 ? [2, 0, 0, 1][cell]! : [1, 0, 0, 2][cell]!
})
// Printed as text, not as arrays: each runtime formats console.log(array) its own way.
console.log(`pure equilibria (profile codes): ${pureEquilibria(game).join(', ')}`)
console.log(
  `all equilibria: ${supportEnumeration(game)
    .map((profile) => profile.map((p) => [...p].map((x) => x.toFixed(3)).join('/')).join(' vs '))
    .join('; ')}`,
)
console.log(
  'Lemke-Howson finds:',
  lemkeHowson(game)
    .map((p) => [...p].map((x) => x.toFixed(3)).join('/'))
    .join(' vs '),
)
