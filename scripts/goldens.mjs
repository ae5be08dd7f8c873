// The golden summaries, recomputed by the built package under whichever runtime runs this file, and
// compared byte for byte with tests/golden: `node scripts/goldens.mjs`, `deno run --allow-read
// --allow-env scripts/goldens.mjs`, `bun scripts/goldens.mjs` (after `npm run build`). Prints one line per
// case; exits 1 if any differs. Plain JavaScript, so every runtime runs the same file unchanged.
import { readFileSync } from 'node:fs'
import { simulate } from '../dist/index.js'
import { loadScenario } from '../dist/node.js'

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
  const actual = `${JSON.stringify(simulate(loaded.right, { trials: c.trials, seed: c.seed }), null, 2)}\n`
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
if (differing > 0) process.exitCode = 1
