import type { Comparison } from '../analysis/compare'
import type { ValueOfInformation } from '../analysis/expectedValueOfInformation'
import type { PrimResult } from '../analysis/prim'
import type { Robustness } from '../analysis/robustness'
import type { ScenarioSobolResult } from '../analysis/scenarioSensitivity'
import type { SwitchingResult } from '../analysis/switchingPoints'
import type { TornadoResult } from '../analysis/tornado'
import { cell, signed } from './internal/markdownText'

const fixed = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—')

/**
 * A tornado result as a Markdown table, widest swing first.
 * @param result - from `tornado`
 * @param limit - bars shown
 * @returns Markdown text
 * @example
 * import { tornadoMarkdown } from 'statecraft'
 * const bar = { input: 'parameter:luck', label: 'luck', low: { value: -0.9, metric: 0 }, high: { value: 0.9, metric: 1 }, swing: 1 }
 * const text = tornadoMarkdown({ metric: 'share:me.go', base: 0.5, trials: 10, runs: 3, bars: [bar] })
 * text.split('\n')[6] // => '| luck (`parameter:luck`) | -0.900 → 0.000 | 0.900 → 1.000 | +1.000 |'
 * @since 0.1.0
 */
export const tornadoMarkdown = (result: TornadoResult, limit = 15): string =>
  [
    `## Tornado: \`${result.metric}\``,
    '',
    `Base ${fixed(result.base)} over ${result.trials.toLocaleString('en-US')} trials; each input at its 5th and 95th percentile, the others drawn as usual (common random numbers); ${result.runs} runs.`,
    '',
    '| input | low: value → metric | high: value → metric | swing |',
    '|---|---|---|---:|',
    ...result.bars
      .slice(0, limit)
      .map(
        (bar) =>
          `| ${cell(bar.label)} (\`${bar.input}\`) | ${fixed(bar.low.value)} → ${fixed(bar.low.metric)} | ${fixed(bar.high.value)} → ${fixed(bar.high.metric)} | ${signed(bar.swing, 3)} |`,
      ),
  ].join('\n')

/**
 * Switching points as Markdown: where the most likely choice flips, and where the input's distribution lies.
 * @param result - from `switchingPoints`
 * @returns Markdown text
 * @example
 * import { switchingMarkdown } from 'statecraft'
 * const points = [{ value: 0.4, from: 'stay', to: 'go' }]
 * const text = switchingMarkdown({ actor: 'me', input: 'weight:me.gain', runs: 3, grid: [], points, current: { p05: 0.22, p50: 0.4, p95: 0.58 } })
 * text.split('\n')[2] // => "- `me`'s most likely choice flips from **stay** to **go** when `weight:me.gain` passes **0.400**; the scenario puts it between 0.220 and 0.580 (5%–95%), median 0.400."
 * @since 0.1.0
 */
export const switchingMarkdown = (result: SwitchingResult): string => {
  const where = `the scenario puts it between ${fixed(result.current.p05)} and ${fixed(result.current.p95)} (5%–95%), median ${fixed(result.current.p50)}`
  const lines =
    result.points.length === 0
      ? [`- \`${result.actor}\`'s most likely choice does not change over the range searched; ${where}.`]
      : result.points.map(
          (p) =>
            `- \`${result.actor}\`'s most likely choice flips from **${p.from}** to **${p.to}** when \`${result.input}\` passes **${fixed(p.value)}**; ${where}.`,
        )
  return [
    `## Switching points of \`${result.actor}\` along \`${result.input}\``,
    '',
    ...lines,
    '',
    `${result.runs} runs.`,
  ].join('\n')
}

/**
 * A comparison as Markdown: each metric in both variants, the paired difference and its interval.
 * @param comparison - from `compare`
 * @param threshold - differences smaller than this (in absolute value) are left out
 * @returns Markdown text
 * @example
 * import { compareMarkdown } from 'statecraft'
 * const difference = { a: 0.5, b: 0.7, difference: 0.2, ci95: [0.15, 0.25] as const, independentHalfWidth: 0.13, trials: 100 }
 * const text = compareMarkdown({ trials: 100, seed: '1', differences: { 'share:me.go': difference } })
 * text.split('\n')[4] // => '| `share:me.go` | 0.500 | 0.700 | +0.200 | +0.150 … +0.250 | ±0.050 (independent runs: ±0.130) |'
 * @since 0.1.0
 */
export const compareMarkdown = (comparison: Comparison, threshold = 0): string =>
  [
    `## Comparison (paired, ${comparison.trials.toLocaleString('en-US')} trials, seed ${comparison.seed})`,
    '',
    '| metric | a | b | b − a | 95% interval | half-width |',
    '|---|---:|---:|---:|---|---|',
    ...Object.entries(comparison.differences)
      .filter(([, d]) => Math.abs(d.difference) >= threshold)
      .map(
        ([name, d]) =>
          `| \`${name}\` | ${fixed(d.a)} | ${fixed(d.b)} | ${signed(d.difference, 3)} | ${signed(d.ci95[0], 3)} … ${signed(d.ci95[1], 3)} | ±${fixed((d.ci95[1] - d.ci95[0]) / 2)} (independent runs: ±${fixed(d.independentHalfWidth)}) |`,
      ),
  ].join('\n')

/**
 * Sobol indices as a Markdown table, by total index.
 * @param result - from `scenarioSobol`
 * @returns Markdown text
 * @example
 * import { sobolMarkdown } from 'statecraft'
 * const index = (value: number) => ({ index: value, ci95: [value - 0.01, value + 0.01] as const })
 * const text = sobolMarkdown({ metric: 'utility:me.go', first: { 'parameter:a': index(0.8) }, total: { 'parameter:a': index(0.8) },
 *   labels: { 'parameter:a': 'a' }, variance: 1, warnings: [], runs: 300 })
 * text.split('\n')[6] // => '| a (`parameter:a`) | 0.800 (0.790 … 0.810) | 0.800 (0.790 … 0.810) | 0.000 |'
 * @since 0.1.0
 */
export const sobolMarkdown = (result: ScenarioSobolResult, limit = 15): string => {
  const ids = Object.keys(result.total).sort((x, y) => result.total[y]!.index - result.total[x]!.index)
  const show = (i: { index: number; ci95: readonly [number, number] }) =>
    `${fixed(i.index)} (${fixed(i.ci95[0])} … ${fixed(i.ci95[1])})`
  return [
    `## Sobol indices of \`${result.metric}\``,
    '',
    `Variance ${fixed(result.variance, 4)}; ${result.runs.toLocaleString('en-US')} trials (Saltelli 2010 design; first order by Saltelli 2010, total by Jansen 1999; bootstrap 95% intervals).`,
    '',
    '| input | first order | total | interactions (total − first) |',
    '|---|---|---|---:|',
    ...ids
      .slice(0, limit)
      .map(
        (id) =>
          `| ${cell(result.labels[id] ?? id)} (\`${id}\`) | ${show(result.first[id]!)} | ${show(result.total[id]!)} | ${fixed(result.total[id]!.index - result.first[id]!.index)} |`,
      ),
    ...(result.warnings.length > 0 ? ['', ...result.warnings.map((w) => `> ${w}`)] : []),
  ].join('\n')
}

/**
 * Morris effects as a Markdown table, by μ*.
 * @param result - from `scenarioMorris`
 * @returns Markdown text
 * @example
 * import { morrisMarkdown } from 'statecraft'
 * const text = morrisMarkdown({ metric: 'share:me.go', effects: { 'parameter:a': { mu: 2, muStar: 2, sigma: 0 } }, labels: {}, runs: 42 })
 * text.split('\n')[6] // => '| parameter:a (`parameter:a`) | 2.000 | 2.000 | 0.000 |'
 * @since 0.1.0
 */
export const morrisMarkdown = (
  result: {
    readonly metric: string
    readonly effects: Readonly<Record<string, { mu: number; muStar: number; sigma: number }>>
    readonly labels: Readonly<Record<string, string>>
    readonly runs: number
  },
  limit = 15,
): string =>
  [
    `## Morris elementary effects on \`${result.metric}\``,
    '',
    `${result.runs.toLocaleString('en-US')} trials; effects per unit of each input's quantile scale (a step of 1 spans its distribution).`,
    '',
    '| input | μ* | μ | σ |',
    '|---|---:|---:|---:|',
    ...Object.entries(result.effects)
      .sort((x, y) => y[1].muStar - x[1].muStar)
      .slice(0, limit)
      .map(
        ([id, e]) =>
          `| ${cell(result.labels[id] ?? id)} (\`${id}\`) | ${fixed(e.muStar)} | ${fixed(e.mu)} | ${fixed(e.sigma)} |`,
      ),
  ].join('\n')

/**
 * Value of information as Markdown: EVPI and EVPPI per parameter.
 * @param actor - whose decision
 * @param result - from `valueOfInformation`
 * @returns Markdown text
 * @example
 * import { voiMarkdown } from 'statecraft'
 * const text = voiMarkdown('me', { evpi: 0.4, evppi: { x: 0.39 }, evppiCorrection: { x: 0.001 }, baseline: { option: 'go', expectedUtility: 0 }, perfect: 0.4, trials: 100, method: 'binning' })
 * text.split('\n')[2] // => "With perfect information `me` would gain **0.400** in its own utility (EVPI) over committing to **go** (expected utility 0.000)."
 * @since 0.1.0
 */
export const voiMarkdown = (actor: string, result: ValueOfInformation): string =>
  [
    `## Value of information for \`${actor}\``,
    '',
    `With perfect information \`${actor}\` would gain **${fixed(result.evpi)}** in its own utility (EVPI) over committing to **${result.baseline.option}** (expected utility ${fixed(result.baseline.expectedUtility)}).`,
    '',
    '| parameter learnt before choosing | EVPPI | share of EVPI |',
    '|---|---:|---:|',
    ...Object.entries(result.evppi)
      .sort((x, y) => y[1] - x[1])
      .map(
        ([name, value]) =>
          `| \`${name}\` | ${fixed(value)} | ${result.evpi > 0 ? `${(100 * (value / result.evpi)).toFixed(0)}%` : '—'} |`,
      ),
    '',
    `${result.trials.toLocaleString('en-US')} trials. ${result.method}`,
  ].join('\n')

/**
 * Robustness of an actor's options as Markdown.
 * @param actor - whose options
 * @param result - from `decisionRobustness`
 * @returns Markdown text
 * @example
 * import { robustnessMarkdown } from 'statecraft'
 * const text = robustnessMarkdown('me', { go: { expected: 0.1, regret: { mean: 0.2, p90: 0.5, max: 0.9 }, satisficing: 0.55, feasible: 1 } })
 * text.split('\n')[4] // => '| go | 0.100 | 0.200 | 0.500 | 0.900 | 55.0% | 100.0% |'
 * @since 0.1.0
 */
export const robustnessMarkdown = (actor: string, result: Robustness): string =>
  [
    `## Robustness of \`${actor}\`'s options`,
    '',
    '| option | expected utility | mean regret | 90% regret | max regret | satisficing | feasible |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(result).map(
      ([option, r]) =>
        `| ${option} | ${fixed(r.expected)} | ${fixed(r.regret.mean)} | ${fixed(r.regret.p90)} | ${fixed(r.regret.max)} | ${(100 * r.satisficing).toFixed(1)}% | ${(100 * r.feasible).toFixed(1)}% |`,
    ),
  ].join('\n')

/**
 * A PRIM result as Markdown: the peeling trajectory and the suggested box.
 * @param metric - what was discovered
 * @param result - from `discover`
 * @returns Markdown text
 * @example
 * import { primMarkdown } from 'statecraft'
 * const box = { limits: { 'parameter:luck': [0.7, 1] as const }, coverage: 1, density: 1, mass: 0.3 }
 * const text = primMarkdown('share:me.go', { trajectory: [box], chosen: 0, baseDensity: 0.3 })
 * text.split('\n')[2] // => 'Cases of interest are 30.0% of all trials. Suggested box (step 0): coverage 100.0%, density 100.0%, mass 30.0%:'
 * @since 0.1.0
 */
export const primMarkdown = (metric: string, result: PrimResult): string => {
  const box = result.trajectory[result.chosen]
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`
  return [
    `## Scenario discovery for \`${metric}\` (PRIM)`,
    '',
    `Cases of interest are ${percent(result.baseDensity)} of all trials. Suggested box (step ${result.chosen}): ${box === undefined ? 'none' : `coverage ${percent(box.coverage)}, density ${percent(box.density)}, mass ${percent(box.mass)}:`}`,
    '',
    ...(box === undefined
      ? []
      : Object.entries(box.limits).map(([id, [lo, hi]]) => `- \`${id}\` in [${fixed(lo)}, ${fixed(hi)}]`)),
    '',
    '| step | coverage | density | mass | inputs restricted |',
    '|---:|---:|---:|---:|---:|',
    ...result.trajectory.map(
      (b, i) =>
        `| ${i} | ${percent(b.coverage)} | ${percent(b.density)} | ${percent(b.mass)} | ${Object.keys(b.limits).length} |`,
    ),
  ].join('\n')
}
