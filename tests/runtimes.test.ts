import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The same golden summaries, byte for byte, and the same draw hashes, from the built package under Node,
// Deno and Bun (both installed from npm as development dependencies). `npm test` builds before it runs the tests.
const runtimes: ReadonlyArray<readonly [string, string, ReadonlyArray<string>]> = [
  ['node', process.execPath, ['scripts/goldens.mjs']],
  ['deno', 'node_modules/.bin/deno', ['run', '--allow-read', '--allow-env', 'scripts/goldens.mjs']],
  ['bun', 'node_modules/.bin/bun', ['scripts/goldens.mjs']],
]

const cases = JSON.parse(readFileSync('tests/golden/cases.json', 'utf8')).cases.length
const drawHashes = Object.keys(JSON.parse(readFileSync('tests/golden/draws.json', 'utf8')).hashes).length

describe('golden summaries in every runtime', () => {
  it('the built package exists (npm test builds it first)', () => {
    expect(existsSync('dist/index.js')).toBe(true)
  })
  for (const [name, command, args] of runtimes)
    it(`${name}: identical to tests/golden`, () => {
      const result = spawnSync(command, [...args], { encoding: 'utf8', timeout: 120_000 })
      expect(result.error, `could not start ${name}`).toBeUndefined()
      expect(result.stdout).not.toMatch(/DIFFER/)
      expect(drawHashes).toBeGreaterThan(10)
      expect(result.stdout.match(/identical/g)?.length).toBe(cases + drawHashes)
      expect(result.status, result.stderr).toBe(0)
    }, 150_000)
})
