import { describe, expect, it } from 'vitest'
import { compare } from '../../src/analysis/compare'
import { decisionRobustness } from '../../src/analysis/decisionRobustness'
import { discover, scenarioMorris, scenarioSobol } from '../../src/analysis/scenarioSensitivity'
import { switchingPoints } from '../../src/analysis/switchingPoints'
import { tornado } from '../../src/analysis/tornado'
import { valueOfInformation } from '../../src/analysis/valueOfInformation'
import { JUPYTER_DISPLAY, type MediaBundle } from '../../src/display'
import type { Scenario } from '../../src/model/scenarioSchema'
import { loadScenario } from '../../src/node'
import { simulate, simulateAsync } from '../../src/run/simulate'
import { simulateUntil } from '../../src/run/simulateUntil'

// In a notebook (Deno's Jupyter kernel), a summary or an analysis result as the last expression of a cell
// shows tables and charts: each carries a Symbol.for('Jupyter.display') method, invisible to JSON.

const loaded = await loadScenario('scenarios/isf-pakistan.yaml')
if (loaded._tag === 'Left') throw new Error('flagship invalid')
const scenario: Scenario = loaded.right

const display = async (value: object): Promise<MediaBundle> => {
  const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY]
  expect(typeof method).toBe('function')
  expect(Object.keys(value)).not.toContain(String(JUPYTER_DISPLAY))
  return (method as () => Promise<MediaBundle>)()
}

describe('rich display in notebooks', () => {
  it('a summary shows its report: Markdown tables, and HTML with the tables and SVG charts', async () => {
    const summary = simulate(scenario, { trials: 2048, seed: 42 })
    const bundle = await display(summary)
    expect(bundle['text/plain']).toContain('pakistan: join')
    expect(bundle['text/markdown']).toContain('## Choices')
    expect(bundle['text/html']).toContain('<svg')
    expect(bundle['text/html']).toContain('<table>')
    // JSON and equality do not see it.
    expect(JSON.stringify(summary)).toBe(JSON.stringify(JSON.parse(JSON.stringify(summary))))
    expect(JSON.stringify(await simulateAsync(scenario, { trials: 2048, seed: 42 }))).toBe(
      JSON.stringify(summary),
    )
    await display(simulateUntil(scenario, { halfWidth: 0.05, seed: 1 }))
  })

  it('every analysis result shows itself', async () => {
    const metric = 'share:pakistan.join'
    const input = 'weight:pakistan.imf_support'
    const results: ReadonlyArray<readonly [object, string]> = [
      [tornado(scenario, { metric, trials: 256 }), '<svg'],
      [scenarioSobol(scenario, { metric, samples: 64, bootstrap: 10 }), '<svg'],
      [switchingPoints(scenario, { actor: 'pakistan', input, trials: 256 }), '<svg'],
      [scenarioMorris(scenario, { metric, trajectories: 4 }), '<table>'],
      [discover(scenario, { metric, trials: 2000 }), '<p>'],
      [valueOfInformation(scenario, { actor: 'pakistan', trials: 2000 }), '<table>'],
      [decisionRobustness(scenario, { actor: 'pakistan', trials: 2000 }), '<table>'],
      [compare(scenario, scenario, { trials: 2048 }), '<table>'],
    ]
    for (const [result, html] of results) {
      const bundle = await display(result)
      expect(bundle['text/markdown']!.length).toBeGreaterThan(20)
      expect(bundle['text/html']).toContain(html)
    }
  })
})
