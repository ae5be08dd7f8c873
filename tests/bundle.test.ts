import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// The built package, as users get it: by import and by require. `npm test` builds first.
const scenario = {
  id: 'bundle',
  title: 'Built package',
  factors: { gain: {} },
  parameters: { luck: { dist: { normal: [0, 1] } } },
  actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
}

describe('the built package', () => {
  it('has been built', () => {
    expect(existsSync('dist/index.js') && existsSync('dist/index.cjs') && existsSync('dist/index.d.ts')).toBe(
      true,
    )
  })

  it('gives the same summary by import and by require', async () => {
    const esm = (await import(
      /* @vite-ignore */ `${process.cwd()}/dist/index.js`
    )) as typeof import('../src/index')
    const cjs = createRequire(import.meta.url)(
      `${process.cwd()}/dist/index.cjs`,
    ) as typeof import('../src/index')
    const a = esm.decodeScenario(scenario)
    const b = cjs.decodeScenario(scenario)
    if (a._tag === 'Left' || b._tag === 'Left') throw new Error('invalid')
    const viaImport = JSON.stringify(esm.simulate(a.right, { trials: 3000, seed: 9 }))
    expect(JSON.stringify(cjs.simulate(b.right, { trials: 3000, seed: 9 }))).toBe(viaImport)
    expect(viaImport).toContain('"scenario":"bundle"')
  })

  it('exports the package.json and the schema', async () => {
    const require = createRequire(import.meta.url)
    const pkg = require('../package.json') as {
      version: string
      exports: Record<string, unknown>
      sideEffects: boolean
    }
    const { VERSION } = await import('../src/version')
    expect(VERSION).toBe(pkg.version)
    expect(pkg.sideEffects).toBe(false)
    expect(Object.keys(pkg.exports)).toContain('./package.json')
    expect(existsSync('schema/scenario.schema.json')).toBe(true)
  })
})
