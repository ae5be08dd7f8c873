// Charts as Vega-Lite specifications, rendered to SVG with vega and vega-lite (loaded only when a chart is
// drawn, so importing statecraft costs nothing until then). No hand-drawn SVG: the grammar lays out the
// axes, scales and labels. Rendering runs headless (no browser, no canvas) and fetches nothing.
import type { ScenarioSobolResult } from '../analysis/scenarioSensitivity'
import type { SwitchingResult } from '../analysis/switchingPoints'
import type { TornadoResult } from '../analysis/tornado'
import type { Summary } from '../run/summary'

/** A Vega-Lite specification (a plain JSON object). @since 0.1.0 */
export type ChartSpec = Readonly<Record<string, unknown>>

/** One chart of a report: an id (a file name stem), a title, and its specification. @since 0.1.0 */
export interface Chart {
  readonly id: string
  readonly title: string
  readonly spec: ChartSpec
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
const WIDTH = 420
const FONT = 'Helvetica, Arial, sans-serif'
const base = (title: string, data: ReadonlyArray<Record<string, unknown>>) => ({
  $schema: SCHEMA,
  title: { text: title, anchor: 'start', font: FONT, fontSize: 13 },
  width: WIDTH,
  data: { values: data },
  config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 } },
})

/**
 * The charts of a run's summary: each actor's choice shares with their 95% intervals, each actor's option
 * utilities (5th–95th percentile, median and mean), and the most frequent joint profiles.
 * @param summary - a summary
 * @returns the charts, in report order
 * @example
 * import { decodeScenario, simulate, summaryCharts } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * summaryCharts(simulate(decoded.right, { trials: 2000 })).map((chart) => chart.id) // => ['shares-me', 'utilities-me', 'profiles']
 * @since 0.1.0
 */
export const summaryCharts = (summary: Summary): ReadonlyArray<Chart> => {
  const charts: Chart[] = []
  for (const [actorId, actor] of Object.entries(summary.actors)) {
    const rows = Object.entries(actor.options).map(([option, o]) => ({
      // The id on the axis (the tables beside the chart give the labels): labels can run to a sentence.
      option,
      label: o.label,
      share: o.share,
      lo: o.ci95[0],
      hi: o.ci95[1],
    }))
    const y = { field: 'option', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } }
    charts.push({
      id: `shares-${actorId}`,
      title: `${actor.label}: choice shares`,
      spec: {
        ...base(`${actor.label}: share of trials choosing each option, with 95% intervals`, rows),
        layer: [
          {
            mark: { type: 'bar', color: '#4c78a8', height: { band: 0.7 } },
            encoding: {
              y,
              x: { field: 'share', type: 'quantitative', title: 'share of trials', axis: { format: '%' } },
              tooltip: [{ field: 'label' }, { field: 'share', format: '.1%' }],
            },
          },
          {
            mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
            encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
          },
        ],
      },
    })
    const utilities = Object.entries(actor.options).flatMap(([option, o]) =>
      o.utility === null
        ? []
        : [{ option, p05: o.utility.p05, p50: o.utility.p50, p95: o.utility.p95, mean: o.utility.mean }],
    )
    if (utilities.length > 0)
      charts.push({
        id: `utilities-${actorId}`,
        title: `${actor.label}: utilities`,
        spec: {
          ...base(
            `${actor.label}: utility of each option (5th–95th percentile, median |, mean ●)`,
            utilities,
          ),
          layer: [
            {
              mark: { type: 'rule', color: '#4c78a8', strokeWidth: 3 },
              encoding: {
                y: { field: 'option', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
                x: { field: 'p05', type: 'quantitative', title: 'utility' },
                x2: { field: 'p95' },
              },
            },
            {
              mark: { type: 'tick', color: '#222', thickness: 2 },
              encoding: {
                y: { field: 'option', type: 'nominal', sort: null },
                x: { field: 'p50', type: 'quantitative' },
              },
            },
            {
              mark: { type: 'point', filled: true, color: '#e45756' },
              encoding: {
                y: { field: 'option', type: 'nominal', sort: null },
                x: { field: 'mean', type: 'quantitative' },
              },
            },
          ],
        },
      })
  }
  const profiles = summary.profiles.map((profile) => ({
    profile: Object.entries(profile.choices)
      .map(([actor, option]) => `${actor}: ${option ?? 'none'}`)
      .join(', '),
    share: profile.share,
  }))
  if (profiles.length > 0)
    charts.push({
      id: 'profiles',
      title: 'Joint profiles',
      spec: {
        ...base('The most frequent joint choices of all actors', profiles),
        mark: { type: 'bar', color: '#72b7b2' },
        encoding: {
          y: { field: 'profile', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 360 } },
          x: { field: 'share', type: 'quantitative', title: 'share of trials', axis: { format: '%' } },
        },
      },
    })
  return charts
}

/** A tornado diagram: the metric at each input's 5th and 95th percentile, widest swing first. @since 0.1.0 */
export const tornadoChart = (result: TornadoResult, top = 12): Chart => {
  const rows = result.bars.slice(0, top).flatMap((bar) => [
    { input: bar.label, at: '5th percentile', metric: bar.low.metric, base: result.base },
    { input: bar.label, at: '95th percentile', metric: bar.high.metric, base: result.base },
  ])
  return {
    id: 'tornado',
    title: `Tornado: ${result.metric}`,
    spec: {
      ...base(
        `${result.metric} with each input at its 5th and 95th percentile (base ${result.base.toFixed(3)})`,
        rows,
      ),
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 } },
          encoding: {
            y: { field: 'input', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } },
            x: { field: 'metric', type: 'quantitative', title: result.metric },
            x2: { field: 'base' },
            color: { field: 'at', type: 'nominal', title: null, scale: { range: ['#e45756', '#4c78a8'] } },
          },
        },
      ],
    },
  }
}

/** Sobol indices: first order and total for each input, with bootstrap 95% intervals. @since 0.1.0 */
export const sobolChart = (result: ScenarioSobolResult, top = 12): Chart => {
  const inputs = Object.keys(result.total)
    .sort((x, y) => result.total[y]!.index - result.total[x]!.index)
    .slice(0, top)
  const rows = inputs.flatMap((input) => [
    {
      input: result.labels[input] ?? input,
      index: 'first order',
      value: result.first[input]!.index,
      lo: result.first[input]!.ci95[0],
      hi: result.first[input]!.ci95[1],
    },
    {
      input: result.labels[input] ?? input,
      index: 'total',
      value: result.total[input]!.index,
      lo: result.total[input]!.ci95[0],
      hi: result.total[input]!.ci95[1],
    },
  ])
  const y = { field: 'input', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } }
  return {
    id: 'sobol',
    title: `Sobol indices: ${result.metric}`,
    spec: {
      ...base(`Sobol indices of ${result.metric}, with 95% bootstrap intervals`, rows),
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.35 } },
          encoding: {
            y,
            yOffset: { field: 'index' },
            x: { field: 'value', type: 'quantitative', title: 'share of variance' },
            color: { field: 'index', type: 'nominal', title: null },
          },
        },
        {
          mark: { type: 'rule', color: '#222' },
          encoding: {
            y,
            yOffset: { field: 'index' },
            x: { field: 'lo', type: 'quantitative' },
            x2: { field: 'hi' },
          },
        },
      ],
    },
  }
}

/** A switching analysis: every option's share along the input, with the switching points marked. @since 0.1.0 */
export const switchingChart = (result: SwitchingResult): Chart => {
  const rows = result.grid.flatMap((cell) =>
    Object.entries(cell.shares).map(([option, share]) => ({ value: cell.value, option, share })),
  )
  return {
    id: 'switching',
    title: `Switching: ${result.actor} along ${result.input}`,
    spec: {
      ...base(
        `${result.actor}: share of each option as ${result.input} varies (switching points dashed)`,
        rows,
      ),
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'value', type: 'quantitative', title: result.input },
            y: { field: 'share', type: 'quantitative', title: 'share of trials', axis: { format: '%' } },
            color: { field: 'option', type: 'nominal', title: null },
          },
        },
        {
          data: { values: result.points.map((point) => ({ at: point.value })) },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#222' },
          encoding: { x: { field: 'at', type: 'quantitative' } },
        },
      ],
    },
  }
}

/**
 * Renders a chart to SVG text, headless: vega-lite compiles the specification, vega draws it. Nothing is
 * fetched (the data is inline) and the output is the same in Node, Deno and Bun.
 * @param spec - a Vega-Lite specification
 * @returns the SVG
 * @since 0.1.0
 */
export const renderSvg = async (spec: ChartSpec): Promise<string> => {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')])
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
