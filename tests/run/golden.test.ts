import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { drawHashes } from '../../scripts/drawHashes.mjs'
import * as statecraft from '../../src/index'
import { loadScenario } from '../../src/node'
import { simulate } from '../../src/run/simulate'

// No-regression: summaries at a fixed seed are pinned (the flagship, the coalition, the classics). A change
// to any number fails here and must be acknowledged by regenerating the files
// (UPDATE_GOLDEN=1 npx vitest run tests/run/golden.test.ts) in the same commit, with the reason in its message.
/** The golden runs, shared with scripts/goldens.mjs (which checks them under Node, Deno and Bun). */
const cases: ReadonlyArray<{ file: string; trials: number; seed: string; golden: string }> = JSON.parse(
  readFileSync('tests/golden/cases.json', 'utf8'),
).cases

describe('golden summaries', () => {
  for (const c of cases)
    it(`${c.file} at seed ${c.seed}, ${c.trials} trials, is unchanged`, async () => {
      const loaded = await loadScenario(c.file)
      if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
      const actual = `${JSON.stringify(simulate(loaded.right, { trials: c.trials, seed: c.seed }), null, 2)}\n`
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(c.golden)) {
        if (process.env['CI'] === 'true') throw new Error(`golden file ${c.golden} is missing in CI`)
        writeFileSync(c.golden, actual)
      }
      expect(actual).toBe(readFileSync(c.golden, 'utf8'))
    })
})

describe('draw hashes', () => {
  // Full-precision hashes of every distribution's draws and of a run's samples, also checked under Deno and
  // Bun by scripts/goldens.mjs: a last bit that moves, in any runtime, fails.
  it('tests/golden/draws.json is unchanged', async () => {
    const loaded = await loadScenario('tests/golden/every-function.yaml')
    if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
    const hashes = drawHashes(statecraft, loaded.right)
    const file = 'tests/golden/draws.json'
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
      if (process.env['CI'] === 'true') throw new Error(`golden file ${file} is missing in CI`)
      const comment =
        'Hashes of draws at full precision: scripts/drawHashes.mjs, checked by tests/run/golden.test.ts and scripts/goldens.mjs.'
      writeFileSync(file, `${JSON.stringify({ $comment: comment, hashes }, null, 2)}\n`)
    }
    expect(hashes).toEqual(JSON.parse(readFileSync(file, 'utf8')).hashes)
  })
})
