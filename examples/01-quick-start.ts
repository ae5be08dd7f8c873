// Quick start: load the flagship scenario, run it, and read the answer.
// Run with: npx tsx examples/01-quick-start.ts
import { markdownReport, simulate } from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') {
  for (const error of loaded.left) console.error(error)
  process.exit(1)
}
const summary = simulate(loaded.right, { trials: 50_000, seed: 42 })

const pakistan = summary.actors['pakistan']!
for (const [option, result] of Object.entries(pakistan.options))
  console.log(
    `${option.padEnd(12)} ${(100 * result.share).toFixed(1)}%  (95% interval ${(100 * result.ci95[0]).toFixed(1)}–${(100 * result.ci95[1]).toFixed(1)}%)`,
  )

console.log(markdownReport(summary, { title: loaded.right.title }).split('\n').slice(0, 12).join('\n'))
