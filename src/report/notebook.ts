// The MIME bundles of summaries and analysis results in a notebook: Markdown tables, and HTML with the
// same tables and the charts as inline SVG. Loaded by the display methods on first use.

import { marked } from 'marked'
import type { Comparison } from '../analysis/compare'
import type { ValueOfInformation } from '../analysis/expectedValueOfInformation'
import type { PrimResult } from '../analysis/prim'
import type { Robustness } from '../analysis/robustness'
import type { ScenarioSobolResult } from '../analysis/scenarioSensitivity'
import type { SwitchingResult } from '../analysis/switchingPoints'
import type { TornadoResult } from '../analysis/tornado'
import type { MediaBundle } from '../display'
import type { Summary } from '../run/summary'
import {
  compareMarkdown,
  morrisMarkdown,
  primMarkdown,
  robustnessMarkdown,
  sobolMarkdown,
  switchingMarkdown,
  tornadoMarkdown,
  voiMarkdown,
} from './analysisReport'
import { type Chart, renderSvg, sobolChart, summaryCharts, switchingChart, tornadoChart } from './charts'
import { markdownReport } from './markdownReport'

/** The charts, then the Markdown's tables as HTML (marked); the Markdown itself for frontends that prefer it. */
const bundle = async (
  plain: string,
  markdown: string,
  charts: ReadonlyArray<Chart>,
): Promise<MediaBundle> => {
  const svgs = await Promise.all(charts.map((chart) => renderSvg(chart.spec)))
  const tables = await marked.parse(markdown, { gfm: true, async: true })
  return {
    'text/plain': plain,
    'text/markdown': markdown,
    'text/html': `<div class="statecraft">${svgs.map((svg) => `<figure>${svg}</figure>`).join('')}${tables}</div>`,
  }
}

/** A summary's bundle: the report's tables, and its share and profile charts. @internal */
export const summaryBundle = (summary: Summary): Promise<MediaBundle> => {
  const shares = Object.entries(summary.actors)
    .map(
      ([actor, a]) =>
        `${actor}: ${Object.entries(a.options)
          .map(([option, o]) => `${option} ${(100 * o.share).toFixed(1)}%`)
          .join(', ')}`,
    )
    .join('\n')
  return bundle(
    `statecraft summary of ${summary.manifest.scenario} (${summary.manifest.trials} trials, seed ${summary.manifest.seed})\n${shares}`,
    markdownReport(summary),
    summaryCharts(summary).filter((chart) => chart.id.startsWith('shares-') || chart.id === 'profiles'),
  )
}

/** @internal */
export const tornadoBundle = (result: TornadoResult): Promise<MediaBundle> =>
  bundle(`tornado of ${result.metric}`, tornadoMarkdown(result), [tornadoChart(result)])
/** @internal */
export const sobolBundle = (result: ScenarioSobolResult): Promise<MediaBundle> =>
  bundle(`Sobol indices of ${result.metric}`, sobolMarkdown(result), [sobolChart(result)])
/** @internal */
export const switchingBundle = (result: SwitchingResult): Promise<MediaBundle> =>
  bundle(`switching points of ${result.actor} along ${result.input}`, switchingMarkdown(result), [
    switchingChart(result),
  ])
/** @internal */
export const voiBundle = (actor: string, result: ValueOfInformation): Promise<MediaBundle> =>
  bundle(`value of information for ${actor}`, voiMarkdown(actor, result), [])
/** @internal */
export const robustnessBundle = (actor: string, result: Robustness): Promise<MediaBundle> =>
  bundle(`robustness of ${actor}'s options`, robustnessMarkdown(actor, result), [])
/** @internal */
export const compareBundle = (comparison: Comparison): Promise<MediaBundle> =>
  bundle('paired comparison of two scenarios', compareMarkdown(comparison), [])
/** @internal */
export const primBundle = (metric: string, result: PrimResult): Promise<MediaBundle> =>
  bundle(`scenario discovery for ${metric}`, primMarkdown(metric, result), [])
/** @internal */
export const morrisBundle = (result: Parameters<typeof morrisMarkdown>[0]): Promise<MediaBundle> =>
  bundle(`Morris elementary effects on ${result.metric}`, morrisMarkdown(result), [])
