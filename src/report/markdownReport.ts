import { checkEvidence } from '../model/checkEvidence'
import type { Scenario } from '../model/scenarioSchema'
import type { Distributional, Summary } from '../run/summary'
import { cell, evidenceIntro, signed } from './internal/markdownText'

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`
const number = (x: number | null): string =>
  x !== null && Number.isFinite(x)
    ? Math.abs(x) >= 1e6
      ? x.toPrecision(3)
      : Math.abs(x) >= 100
        ? x.toFixed(0)
        : x.toFixed(2)
    : '—'
const range = (d: Pick<Distributional, 'p05' | 'p95'> | { p05: null; p95: null } | null): string =>
  d === null || d.p05 === null ? '—' : `${number(d.p05)} … ${number(d.p95)}`

/** Options for {@link markdownReport}. @since 0.1.0 */
export interface MarkdownReportOptions {
  /** Scenario title for the heading. @defaultValue the scenario id */
  readonly title?: string
  /** Drivers listed per actor. @defaultValue 5 */
  readonly drivers?: number
  /**
   * Chart images to show, by chart id (see `summaryCharts`): the path of each SVG file, relative to the
   * report. `statecraft run --out DIR` writes them to `DIR/charts/`.
   */
  readonly charts?: Readonly<Record<string, string>>
  /** The scenario: adds its evidence table (every element, its basis, rationale and citations). */
  readonly scenario?: Scenario
}

/**
 * A readable report of a summary: choice shares with intervals, the main joint choices, outcomes, drivers.
 * @param summary - a run's summary
 * @param options - heading and length
 * @returns Markdown text
 * @example
 * import { decodeScenario, markdownReport, simulate } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * markdownReport(simulate(decoded.right, { trials: 100 })).startsWith('# tiny') // => true
 * @since 0.1.0
 */
export const markdownReport = (summary: Summary, options: MarkdownReportOptions = {}): string => {
  const { manifest } = summary
  const lines: string[] = []
  const image = (id: string, alt: string) => {
    const file = options.charts?.[id]
    if (file !== undefined) lines.push(`![${alt}](${file})`, '')
  }
  lines.push(`# ${options.title ?? manifest.scenario}`, '')
  lines.push(
    `Scenario \`${manifest.scenario}\` · seed ${manifest.seed} · ${manifest.trials.toLocaleString('en-US')} trials · statecraft ${manifest.statecraft} · scenario hash \`${manifest.scenarioHash.slice(0, 12)}\``,
    '',
  )
  lines.push('## Choices', '')
  for (const [actorId, actor] of Object.entries(summary.actors)) {
    const rule =
      actor.rule === 'argmax' ? 'maximises expected utility' : `quantal response, λ = ${actor.rule.logit}`
    lines.push(`### ${cell(actor.label)} (\`${actorId}\`, ${rule})`, '')
    image(`shares-${actorId}`, `${actor.label}: choice shares with 95% intervals`)
    image(`utilities-${actorId}`, `${actor.label}: utilities`)
    lines.push('| option | share | 95% interval | feasible | mean utility | utility 5%–95% |')
    lines.push('|---|---:|---|---:|---:|---|')
    for (const [optionId, option] of Object.entries(actor.options))
      lines.push(
        `| ${cell(option.label)} (\`${optionId}\`) | **${percent(option.share)}** | ${percent(option.ci95[0])} – ${percent(option.ci95[1])} | ${percent(option.feasible)} | ${option.utility === null ? '—' : number(option.utility.mean)} | ${range(option.utility)} |`,
      )
    if (actor.noFeasibleOption > 0)
      lines.push(
        '',
        `In ${actor.noFeasibleOption.toLocaleString('en-US')} trials this actor had no feasible option.`,
      )
    lines.push('')
  }

  const actorIds = Object.keys(summary.actors)
  lines.push('## Most likely joint choices', '')
  image('profiles', 'The most frequent joint choices')
  lines.push(`| share | ${actorIds.map((id) => `\`${id}\``).join(' | ')} |`)
  lines.push(`|---:|${actorIds.map(() => '---').join('|')}|`)
  for (const profile of summary.profiles)
    lines.push(
      `| ${percent(profile.share)} | ${actorIds.map((id) => profile.choices[id] ?? '(none)').join(' | ')} |`,
    )
  if (summary.otherProfiles > 0)
    lines.push(`| ${percent(summary.otherProfiles)} | ${actorIds.map(() => '(other)').join(' | ')} |`)
  lines.push('')

  const games = summary.stages.filter((stage) => stage.actors.length > 1)
  if (games.length > 0) {
    lines.push('## Simultaneous stages', '')
    for (const stage of games) {
      const solved = Object.entries(stage.solvedBy)
        .map(([method, share]) => `${method} ${percent(share)}`)
        .join(', ')
      lines.push(`### ${cell(stage.label)} (selection: ${stage.selection})`, '')
      lines.push(
        `Pure equilibria per draw: none ${percent(stage.pureEquilibria.none)}, one ${percent(stage.pureEquilibria.one)}, several ${percent(stage.pureEquilibria.several)}. Solved by: ${solved}. Flip rate: ${percent(stage.flipRate)} of ${stage.flipChecks.toLocaleString('en-US')} checked draws.`,
        '',
      )
      lines.push(`| share | ${stage.actors.map((id) => `\`${id}\``).join(' | ')} |`)
      lines.push(`|---:|${stage.actors.map(() => '---').join('|')}|`)
      for (const profile of stage.profiles.slice(0, 8))
        lines.push(
          `| ${percent(profile.share)} | ${stage.actors.map((id) => profile.choices[id] ?? '(none)').join(' | ')} |`,
        )
      lines.push('')
    }
  }

  const outcomes = Object.entries(summary.outcomes)
  if (outcomes.length > 0) {
    lines.push('## Outcomes', '')
    lines.push('| outcome | estimate | 95% interval / 5%–95% |', '|---|---:|---|')
    for (const [id, outcome] of outcomes)
      lines.push(
        outcome.kind === 'share'
          ? `| \`${id}\` | **${percent(outcome.share)}** | ${percent(outcome.ci95[0])} – ${percent(outcome.ci95[1])} |`
          : `| \`${id}\` | **${number(outcome.mean)}** (mean) | ${range(outcome)} |`,
      )
    lines.push('')
  }

  if (summary.drivers !== undefined) {
    const limit = options.drivers ?? 5
    lines.push('## What drives each choice', '')
    lines.push(
      'Correlation (r) between each uncertain input and the probability of each option, over all trials.',
      '',
    )
    for (const [actorId, drivers] of Object.entries(summary.drivers)) {
      if (drivers.length === 0) continue
      lines.push(`### ${cell(summary.actors[actorId]?.label ?? actorId)}`, '')
      for (const driver of drivers.slice(0, limit)) {
        const effects = Object.entries(driver.correlation)
          .filter(([, r]) => Math.abs(r) >= 0.05)
          .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
          .map(([option, r]) => `${option} ${signed(r, 2)}`)
        lines.push(`- **${cell(driver.label)}** (\`${driver.input}\`): ${effects.join(', ') || 'weak'}`)
      }
      lines.push('')
    }
  }

  if (summary.nonFinite.length > 0) {
    lines.push(
      '## Values that were not finite',
      '',
      'Left out of the statistics above. Look at the causes: a division by zero, a logarithm of zero, an overflow.',
      '',
      '| element | trials NaN / +∞ / −∞ | first trial (block) | causes |',
      '|---|---:|---|---|',
    )
    for (const report of summary.nonFinite)
      lines.push(
        `| \`${report.element}\` | ${report.nan} / ${report.positiveInfinity} / ${report.negativeInfinity} | ${report.firstTrial} (${report.firstBlock}) | ${report.causes.map((c) => `\`${c}\``).join(', ') || '—'} |`,
      )
    lines.push('')
  }

  const parameters = Object.entries(summary.parameters)
  if (parameters.length > 0) {
    lines.push('## Parameters (as drawn)', '', '| parameter | mean | sd |', '|---|---:|---:|')
    for (const [id, p] of parameters) lines.push(`| \`${id}\` | ${number(p.mean)} | ${number(p.sd)} |`)
    lines.push('')
  }

  if (options.scenario !== undefined) {
    const sources = new Map((options.scenario.sources ?? []).map((source) => [source.id, source]))
    const rows = checkEvidence(options.scenario, new Map()).rows
    lines.push(
      '## Evidence',
      '',
      evidenceIntro(rows),
      '',
      '| element | basis | rationale and citations |',
      '|---|---|---|',
    )
    for (const row of rows) {
      const citations = row.citations.map((c) => {
        const source = sources.get(c.source)
        return `${c.claim} (${c.source}${source?.title === undefined ? '' : `: ${source.title}`}, “${c.locator}”)`
      })
      lines.push(
        `| \`${row.path}\` | ${row.basis} | ${cell([row.rationale ?? '', ...citations].filter((t) => t !== '').join(' · '))} |`,
      )
    }
    lines.push('')
  }
  return lines.join('\n')
}
