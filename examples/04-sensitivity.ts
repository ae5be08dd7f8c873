// What drives Pakistan's choice, where it flips, and what would be worth knowing.
// Run with: npx tsx examples/04-sensitivity.ts   (after `npm run build`)
import { switchingPoints, tornado, valueOfInformation } from 'statecraft'
import { loadScenario } from 'statecraft/node'

const loaded = await loadScenario(new URL('../scenarios/isf-pakistan.yaml', import.meta.url).pathname)
if (loaded._tag === 'Left') throw new Error('the flagship scenario is invalid')
const scenario = loaded.right

// One at a time: each input at its 5th and 95th percentile, the same draws for every run.
const bars = tornado(scenario, { metric: 'share:pakistan.join', trials: 2048 }).bars.slice(0, 5)
for (const bar of bars) console.log(`${bar.input.padEnd(42)} swing ${bar.swing.toFixed(3)}`)

// Where does the weight on IMF support flip Pakistan's most likely choice?
const flip = switchingPoints(scenario, {
  actor: 'pakistan',
  input: 'weight:pakistan.imf_support',
  trials: 2048,
})
for (const point of flip.points)
  console.log(
    `flips ${point.from} → ${point.to} at ${point.value.toFixed(3)} (scenario: ${flip.current.p05.toFixed(2)}–${flip.current.p95.toFixed(2)})`,
  )

// What would Pakistan gain from knowing each world state before it chooses?
const voi = valueOfInformation(scenario, { actor: 'pakistan', trials: 20_000 })
console.log(
  `EVPI ${voi.evpi.toFixed(3)}; disarmament mandate alone: ${voi.evppi['disarmament_mandate']?.toFixed(3)}`,
)
