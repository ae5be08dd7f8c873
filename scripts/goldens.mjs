// The golden summaries, recomputed by the built package under whichever runtime runs this file, and
// compared byte for byte with tests/golden: `node scripts/goldens.mjs`, `deno run --allow-read
// --allow-env scripts/goldens.mjs`, `bun scripts/goldens.mjs` (after `npm run build`). Then the draw hashes
// of tests/golden/draws.json (see drawHashes.mjs), which catch a last-bit difference that a summary's 12
// digits hide. Prints one line per case and per hash; exits 1 if any differs. Plain JavaScript, so every
// runtime runs the same file unchanged.
import { readFileSync } from 'node:fs'
import * as statecraft from '../dist/index.js'
import { loadScenario } from '../dist/node.js'
import { drawHashes } from './drawHashes.mjs'

const runtime =
  typeof globalThis.Deno !== 'undefined'
    ? `deno ${globalThis.Deno.version.deno}`
    : typeof globalThis.Bun !== 'undefined'
      ? `bun ${globalThis.Bun.version}`
      : `node ${process.versions.node}`
const { cases } = JSON.parse(readFileSync('tests/golden/cases.json', 'utf8'))
let differing = 0
for (const c of cases) {
  const loaded = await loadScenario(c.file)
  if (loaded._tag === 'Left') throw new Error(`${c.file}: ${JSON.stringify(loaded.left)}`)
  const actual = `${JSON.stringify(statecraft.simulate(loaded.right, { trials: c.trials, seed: c.seed }), null, 2)}\n`
  const expected = readFileSync(c.golden, 'utf8')
  if (actual === expected) console.log(`${runtime}: ${c.golden} identical`)
  else {
    differing++
    const a = actual.split('\n')
    const e = expected.split('\n')
    const line = a.findIndex((text, i) => text !== e[i])
    console.log(
      `${runtime}: ${c.golden} DIFFERS from line ${line + 1}: ${a[line]?.trim()} (golden: ${e[line]?.trim()})`,
    )
  }
}
const drawScenario = await loadScenario('tests/golden/every-function.yaml')
if (drawScenario._tag === 'Left') throw new Error(`every-function.yaml: ${JSON.stringify(drawScenario.left)}`)
const expectedHashes = JSON.parse(readFileSync('tests/golden/draws.json', 'utf8')).hashes
const actualHashes = drawHashes(statecraft, drawScenario.right)
for (const [name, expected] of Object.entries(expectedHashes)) {
  if (actualHashes[name] === expected) console.log(`${runtime}: draws of ${name} identical`)
  else {
    differing++
    console.log(`${runtime}: draws of ${name} DIFFER: ${actualHashes[name]} (golden: ${expected})`)
  }
}
if (differing > 0) process.exitCode = 1
