import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { switchingPoints } from '../../src/analysis/switchingPoints'
import { tornado } from '../../src/analysis/tornado'
import type { Scenario } from '../../src/model/scenarioSchema'
import { loadScenario } from '../../src/node'
import { htmlReport, reportCharts } from '../../src/report/htmlReport'
import { simulate } from '../../src/run/simulate'

// The HTML report is one self-contained file: checked as text, then opened in a real headless Chromium
// (Debian's package, driven by playwright-core): it opens, every chart is drawn, and no request leaves it.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

const loaded = await loadScenario('scenarios/isf-pakistan.yaml')
if (loaded._tag === 'Left') throw new Error('flagship invalid')
const scenario: Scenario = loaded.right
const summary = simulate(scenario, { trials: 4096, seed: 42 })
const options = {
  scenario,
  tornado: tornado(scenario, { metric: 'share:pakistan.join', trials: 512 }),
  switching: [
    switchingPoints(scenario, { actor: 'pakistan', input: 'weight:pakistan.imf_support', trials: 512 }),
  ],
}
const html = await htmlReport(summary, options)
const charts = reportCharts(summary, options)

describe('report.html', () => {
  it('is self-contained: no script, no external stylesheet, image, font or link to load', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/(src|href)\s*=/i)
    const withoutNamespaces = html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')
    expect(withoutNamespaces).not.toMatch(/https?:\/\//)
  })

  it('holds a chart for every chart of the report, and the evidence table', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'shares-pakistan',
      'utilities-pakistan',
      'shares-us',
      'utilities-us',
      'shares-opposition',
      'utilities-opposition',
      'profiles',
      'tornado',
      'switching-0',
    ])
    for (const chart of charts) expect(html).toContain(`id="chart-${chart.id}"`)
    expect(html).toContain('<h2>Evidence</h2>')
    // Every element of the flagship is cited or estimated.
    expect(html).not.toContain('class="none"')
  })

  it('is the same text every time (deterministic charts)', async () => {
    expect(await htmlReport(summary, options)).toBe(html)
  })

  // CI installs Chromium (.ci/run) and requires this test; a machine without it skips it, saying so.
  const haveChromium = existsSync(CHROMIUM)
  if (!haveChromium && process.env['CI'] !== 'true')
    console.warn(
      `Chromium not found at ${CHROMIUM}: the browser test of report.html is skipped (apt-get install chromium)`,
    )
  it.runIf(haveChromium || process.env['CI'] === 'true')(
    'opens in headless Chromium with every chart drawn and no request leaving the page',
    async () => {
      expect(haveChromium, `Chromium not found at ${CHROMIUM}: apt-get install chromium`).toBe(true)
      const dir = mkdtempSync(join(tmpdir(), 'statecraft-html-'))
      const file = join(dir, 'report.html')
      writeFileSync(file, html)
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
      try {
        const page = await browser.newPage()
        const requests: string[] = []
        page.on('request', (request) => requests.push(request.url()))
        const errors: string[] = []
        page.on('pageerror', (error) => errors.push(error.message))
        await page.goto(`file://${file}`)
        await page.waitForLoadState('networkidle')
        expect(await page.title()).toBe(scenario.title)
        for (const chart of charts) {
          const svg = page.locator(`#chart-${chart.id} svg`)
          expect(await svg.isVisible()).toBe(true)
          const box = await svg.boundingBox()
          expect(box!.width).toBeGreaterThan(200)
          expect(box!.height).toBeGreaterThan(50)
          // Drawn marks: bars, rules, lines or points.
          expect(
            await page.locator(`#chart-${chart.id} svg path, #chart-${chart.id} svg line`).count(),
          ).toBeGreaterThan(3)
        }
        expect(requests).toEqual([`file://${file}`])
        expect(errors).toEqual([])
      } finally {
        await browser.close()
      }
    },
    60_000,
  )
})
