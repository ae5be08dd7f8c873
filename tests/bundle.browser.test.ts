import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// The core (everything but the command line and file loading) must bundle for a browser or Deno unchanged.
const bundleCore = () =>
  build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })

describe('the core, bundled for a browser', () => {
  it('needs nothing from Node', async () => {
    const result = await bundleCore()
    expect(result.errors).toEqual([])
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:|["']fs["']|process\.env/)
  })

  it('runs a scenario from the browser bundle', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
    })
    const url = `data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`
    const statecraft = (await import(/* @vite-ignore */ url)) as typeof import('../src/index')
    const decoded = statecraft.decodeScenario({
      id: 'browser',
      title: 'In a browser',
      factors: { gain: {} },
      actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
    })
    if (decoded._tag === 'Left') throw new Error('invalid')
    expect(statecraft.simulate(decoded.right, { trials: 100 }).actors['me']!.options['go']!.share).toBe(1)
  })
})
