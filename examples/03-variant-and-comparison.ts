// A variant and a comparison: what if the force's mandate certainly includes disarming Hamas?
// Run with: npx tsx examples/03-variant-and-comparison.ts   (after `npm run build`); also deno run, bun
import { compare, simulate, variant } from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the flagship scenario is invalid')
const base = loaded.right

// A variant is a copy with one change, checked again; the base is never modified.
const mandate = variant(base, (draft) => {
  draft.parameters!['disarmament_mandate']!.dist = 1
})
if (mandate._tag === 'Left') throw new Error(`the variant is invalid: ${JSON.stringify(mandate.left)}`)

for (const [name, scenario] of [
  ['as the sources leave it', base],
  ['with a disarmament mandate', mandate.right],
] as const) {
  const shares = simulate(scenario, { trials: 20_000, seed: 42 }).actors['pakistan']!.options
  console.log(
    `${name.padEnd(28)} join ${(100 * shares['join']!.share).toFixed(1)}%, conditional ${(100 * shares['conditional']!.share).toFixed(1)}%, decline ${(100 * shares['decline']!.share).toFixed(1)}%`,
  )
}

// Paired: both scenarios see the same draws of every other input, so the difference is measured tightly.
const differences = compare(base, mandate.right, { trials: 20_000, seed: 42 }).differences
for (const metric of ['share:pakistan.join', 'share:pakistan.decline', 'outcome:troops_deploy']) {
  const d = differences[metric]!
  console.log(
    `${metric.padEnd(24)} ${d.a.toFixed(3)} → ${d.b.toFixed(3)}: ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)} (95% ${d.ci95.map((x) => x.toFixed(3)).join(' to ')})`,
  )
}
