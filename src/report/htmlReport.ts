import type { ScenarioSobolResult } from '../analysis/scenarioSensitivity'
import type { SwitchingResult } from '../analysis/switchingPoints'
import type { TornadoResult } from '../analysis/tornado'
import { checkEvidence } from '../model/checkEvidence'
import type { Scenario } from '../model/scenarioSchema'
import type { Summary } from '../run/summary'
import { type Chart, renderSvg, sobolChart, summaryCharts, switchingChart, tornadoChart } from './charts'
import { evidenceIntro } from './internal/markdownText'

/** What an HTML report shows besides the summary. @since 0.1.0 */
export interface HtmlReportOptions {
  /** The heading. @defaultValue the scenario's title, else the scenario id */
  readonly title?: string
  /** The scenario: its evidence table (every element, its basis and its citations). */
  readonly scenario?: Scenario
  /** Analyses to chart, where they have been run. */
  readonly tornado?: TornadoResult
  readonly sobol?: ScenarioSobolResult
  readonly switching?: ReadonlyArray<SwitchingResult>
}

/** Text made safe inside HTML. @internal */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`
const number = (x: number | null): string =>
  x === null || !Number.isFinite(x)
    ? '—'
    : Math.abs(x) >= 1e6
      ? x.toPrecision(3)
      : x.toFixed(Math.abs(x) >= 100 ? 0 : 3)

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`

const STYLE = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; max-width: 980px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
.manifest { color: #666; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.8em 0 1.4em; } figure svg { max-width: 100%; height: auto; }
.estimate { color: #8a5a00; } .sourced { color: #1d6b30; } .none { color: #b00020; }
blockquote { margin: 0.2em 0; color: #555; }
`

/**
 * A self-contained HTML report: no script, no stylesheet and no font is fetched when it is opened. Charts
 * are Vega-Lite specifications rendered to inline SVG when the report is made. It holds the shares with
 * their intervals, utilities, joint profiles, outcomes, stages, drivers, values that were not finite,
 * parameters, the analyses given, and the scenario's evidence table.
 * @param summary - a run's summary
 * @param options - title, scenario (for the evidence table), analyses to chart
 * @returns the HTML document
 * @example
 * import { decodeScenario, htmlReport, simulate } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const html = await htmlReport(simulate(decoded.right, { trials: 100 }), { scenario: decoded.right })
 * html.startsWith('<!DOCTYPE html>') && html.includes('<svg') // => true
 * @since 0.1.0
 */
export const htmlReport = async (summary: Summary, options: HtmlReportOptions = {}): Promise<string> => {
  const charts = reportCharts(summary, options)
  const svgs = new Map(
    await Promise.all(charts.map(async (chart) => [chart.id, await renderSvg(chart.spec)] as const)),
  )
  const figure = (id: string) =>
    svgs.has(id) ? `<figure id="chart-${escapeHtml(id)}" class="chart">${svgs.get(id)}</figure>` : ''
  const { manifest } = summary
  const title = options.title ?? options.scenario?.title ?? manifest.scenario
  const parts: string[] = []
  parts.push(
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="manifest">${manifest.trials.toLocaleString('en-US')} trials, seed ${escapeHtml(manifest.seed)}, scenario <code>${escapeHtml(manifest.scenario)}</code> (SHA-256 ${manifest.scenarioHash.slice(0, 12)}…), statecraft ${escapeHtml(manifest.statecraft)}, engine revision ${manifest.engine}</p>`,
  )

  parts.push('<h2>Choices</h2>')
  for (const [actorId, actor] of Object.entries(summary.actors)) {
    const rule = actor.rule === 'argmax' ? 'argmax' : `logit, λ = ${actor.rule.logit}`
    parts.push(`<h3>${escapeHtml(actor.label)} <small>(${escapeHtml(actorId)}, ${rule})</small></h3>`)
    parts.push(figure(`shares-${actorId}`), figure(`utilities-${actorId}`))
    parts.push(
      table(
        ['option', 'share', '95% interval', 'feasible', 'utility mean', 'utility 5%–95%'],
        Object.entries(actor.options).map(([optionId, o]) => [
          `${escapeHtml(o.label)} <code>${escapeHtml(optionId)}</code>`,
          percent(o.share),
          `${percent(o.ci95[0])} – ${percent(o.ci95[1])}`,
          percent(o.feasible),
          number(o.utility?.mean ?? null),
          o.utility === null ? '—' : `${number(o.utility.p05)} … ${number(o.utility.p95)}`,
        ]),
      ),
    )
  }

  parts.push('<h2>Joint profiles</h2>', figure('profiles'))
  parts.push(
    table(
      ['profile', 'share'],
      summary.profiles.map((p) => [
        escapeHtml(
          Object.entries(p.choices)
            .map(([actor, option]) => `${actor}: ${option ?? 'none'}`)
            .join(', '),
        ),
        percent(p.share),
      ]),
    ),
  )
  if (summary.otherProfiles > 0)
    parts.push(`<p>Other profiles: ${percent(summary.otherProfiles)} of trials.</p>`)

  const outcomes = Object.entries(summary.outcomes)
  if (outcomes.length > 0)
    parts.push(
      '<h2>Outcomes</h2>',
      table(
        ['outcome', 'estimate', '95% interval / 5%–95%'],
        outcomes.map(([id, o]) =>
          o.kind === 'share'
            ? [
                `<code>${escapeHtml(id)}</code>`,
                percent(o.share),
                `${percent(o.ci95[0])} – ${percent(o.ci95[1])}`,
              ]
            : [
                `<code>${escapeHtml(id)}</code>`,
                `${number(o.mean)} (mean)`,
                `${number(o.p05)} … ${number(o.p95)}`,
              ],
        ),
      ),
    )

  parts.push(
    '<h2>Stages</h2>',
    table(
      ['stage', 'actors', 'pure equilibria: none / one / several', 'solved by', 'flip rate'],
      summary.stages.map((stage) => [
        escapeHtml(stage.label),
        escapeHtml(stage.actors.join(', ')),
        `${percent(stage.pureEquilibria.none)} / ${percent(stage.pureEquilibria.one)} / ${percent(stage.pureEquilibria.several)}`,
        escapeHtml(
          Object.entries(stage.solvedBy)
            .map(([method, share]) => `${method} ${percent(share)}`)
            .join(', '),
        ),
        `${percent(stage.flipRate)} of ${stage.flipChecks.toLocaleString('en-US')} checks`,
      ]),
    ),
  )

  if (summary.drivers !== undefined) {
    parts.push('<h2>What drives each choice</h2>')
    for (const [actorId, drivers] of Object.entries(summary.drivers)) {
      if (drivers.length === 0) continue
      parts.push(
        `<h3>${escapeHtml(summary.actors[actorId]?.label ?? actorId)}</h3>`,
        table(
          ['input', 'correlation with each option'],
          drivers.slice(0, 8).map((d) => [
            `${escapeHtml(d.label)} <code>${escapeHtml(d.input)}</code>`,
            escapeHtml(
              Object.entries(d.correlation)
                .map(([option, r]) => `${option} ${r >= 0 ? '+' : ''}${r.toFixed(2)}`)
                .join(', '),
            ),
          ]),
        ),
      )
    }
  }

  if (options.tornado !== undefined || options.sobol !== undefined || (options.switching?.length ?? 0) > 0) {
    parts.push('<h2>Sensitivity</h2>', figure('tornado'), figure('sobol'))
    parts.push(...(options.switching ?? []).map((_, i) => figure(`switching-${i}`)))
    for (const result of options.switching ?? [])
      for (const point of result.points)
        parts.push(
          `<p>${escapeHtml(result.actor)} switches from <b>${escapeHtml(point.from)}</b> to <b>${escapeHtml(point.to)}</b> at ${escapeHtml(result.input)} = ${number(point.value)} (the scenario has ${number(result.current.p05)} … ${number(result.current.p95)}).</p>`,
        )
  }

  if (summary.nonFinite.length > 0)
    parts.push(
      '<h2>Values that were not finite</h2>',
      '<p>Left out of the statistics above.</p>',
      table(
        ['element', 'NaN / +∞ / −∞', 'first trial (block)', 'causes'],
        summary.nonFinite.map((r) => [
          `<code>${escapeHtml(r.element)}</code>`,
          `${r.nan} / ${r.positiveInfinity} / ${r.negativeInfinity}`,
          `${r.firstTrial} (${r.firstBlock})`,
          r.causes.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ') || '—',
        ]),
      ),
    )

  parts.push(
    '<h2>Parameters (as drawn)</h2>',
    table(
      ['parameter', 'mean', 'sd'],
      Object.entries(summary.parameters).map(([id, p]) => [
        `<code>${escapeHtml(id)}</code>`,
        number(p.mean),
        number(p.sd),
      ]),
    ),
  )

  if (options.scenario !== undefined) {
    const sources = new Map((options.scenario.sources ?? []).map((s) => [s.id, s]))
    const rows = checkEvidence(options.scenario, new Map()).rows
    parts.push(
      '<h2>Evidence</h2>',
      `<p>${evidenceIntro(rows)}</p>`,
      table(
        ['element', 'basis', 'rationale and citations'],
        rows.map((row) => [
          `<code>${escapeHtml(row.path)}</code>`,
          `<span class="${row.basis}">${row.basis}</span>`,
          [
            row.rationale === undefined ? '' : `<div>${escapeHtml(row.rationale)}</div>`,
            ...row.citations.map((c) => {
              const source = sources.get(c.source)
              const where = source === undefined ? c.source : `${c.source}: ${source.title ?? source.file}`
              return `<blockquote>${escapeHtml(c.claim)} <small>(${escapeHtml(where)}, “${escapeHtml(c.locator)}”)</small></blockquote>`
            }),
          ].join(''),
        ]),
      ),
    )
  }

  return htmlDocument(title, parts.filter((part) => part !== '').join('\n'))
}

/**
 * A self-contained HTML document around a body: the report's style inline, nothing to fetch.
 * @param title - the document's title
 * @param body - HTML for the body
 * @returns the document
 * @example
 * import { htmlDocument } from 'statecraft'
 * htmlDocument('A title', '<p>Hello</p>').includes('<title>A title</title>') // => true
 * @since 0.1.0
 */
export const htmlDocument = (title: string, body: string): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`

/** Every chart a report shows: the summary's, then the analyses'. @since 0.1.0 */
export const reportCharts = (summary: Summary, options: HtmlReportOptions = {}): ReadonlyArray<Chart> => [
  ...summaryCharts(summary),
  ...(options.tornado === undefined ? [] : [tornadoChart(options.tornado)]),
  ...(options.sobol === undefined ? [] : [sobolChart(options.sobol)]),
  ...(options.switching ?? []).map((result, i) => ({ ...switchingChart(result), id: `switching-${i}` })),
]
