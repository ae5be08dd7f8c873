import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkEvidence, normalizeForLocator } from '../../src/model/checkEvidence'
import { loadScenario } from '../../src/node'

const sourcesDir = join(__dirname, '../../../shared/sources')
const haveSources = existsSync(sourcesDir)
if (!haveSources)
  console.warn(`evidence test skipped: no source folder at ${sourcesDir} (a clone outside the workspace)`)

const cited = ['scenarios/isf-pakistan.yaml', 'scenarios/isf-coalition.yaml']

describe.each(cited)('the evidence of %s', (scenarioFile) => {
  it.skipIf(!haveSources)(
    'cites only locators found verbatim in ../shared/sources, and supports every element',
    async () => {
      const loaded = await loadScenario(scenarioFile)
      if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
      const texts = new Map(
        readdirSync(sourcesDir).map((file) => [file, readFileSync(join(sourcesDir, file), 'utf8')]),
      )
      const report = checkEvidence(loaded.right, texts)
      expect(report.findings).toEqual([])
      expect(report.rows.length).toBeGreaterThan(50)
    },
  )

  it.skipIf(!haveSources)(
    'never copies an article sentence: no claim or rationale shares 8 consecutive words with a source',
    () => {
      const scenarioText = normalizeForLocator(readFileSync(scenarioFile, 'utf8')).toLowerCase()
      const claims = [...scenarioText.matchAll(/(?:claim|rationale): "?([^"\n]+)/g)].map((m) => m[1]!)
      for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith('.txt'))) {
        const words = normalizeForLocator(readFileSync(join(sourcesDir, file), 'utf8'))
          .toLowerCase()
          .split(' ')
        for (let i = 0; i + 8 <= words.length; i++) {
          const run = words.slice(i, i + 8).join(' ')
          for (const claim of claims) expect(claim.includes(run), `${file}: "${run}"`).toBe(false)
        }
      }
    },
  )
})

describe('checkEvidence', () => {
  it('reports unsupported elements, missing files and locators not found', async () => {
    const { decodeScenario } = await import('../../src/model/decodeScenario')
    const decoded = decodeScenario({
      id: 'thin',
      title: 'Thinly supported',
      sources: [
        { id: 'a', file: 'a.txt' },
        { id: 'b', file: 'b.txt' },
      ],
      factors: { gain: { evidence: [{ source: 'a', locator: 'not in the text', claim: 'x' }] } },
      actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } } } } },
    })
    if (decoded._tag === 'Left') throw new Error('invalid')
    const report = checkEvidence(decoded.right, new Map([['a.txt', 'Something \u201Celse\u201D entirely.']]))
    const kinds = report.findings.map((f) => `${f.kind} ${f.path}`)
    expect(kinds).toContain('missing-source-file sources.b')
    expect(kinds).toContain('locator-not-found factors.gain.evidence[0]')
    expect(kinds).toContain('unsupported actors.me')
    expect(kinds).toContain('unsupported actors.me.weights.gain')
    expect(kinds).toContain('unsupported actors.me.options.go.effects.gain')
  })

  it('matches locators across typographic quotes, dashes and white space', () => {
    expect(normalizeForLocator('image as a \u2018defender of faith')).toContain(
      "image as a 'defender of faith",
    )
    expect(normalizeForLocator('war\u2014torn\n  territory')).toBe('war-torn territory')
  })
})
