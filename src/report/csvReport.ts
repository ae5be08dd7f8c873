import type { Summary } from '../run/summary'

const quote = (value: string | number | null): string => {
  if (value === null) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The summary's choice and outcome rows as CSV, one row per actor option and per outcome, for pandas or R.
 * @param summary - a run's summary
 * @returns CSV text with a header row
 * @example
 * import { csvReport, decodeScenario, simulate } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', factors: { gain: {} },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const lines = csvReport(simulate(decoded.right, { trials: 100 })).split('\n')
 * lines[0] // => 'kind,actor,id,share,ci95_lo,ci95_hi,feasible,mean,sd,p05,p50,p95'
 * lines[1]?.startsWith('option,me,go,1,') // => true
 * @since 0.1.0
 */
export const csvReport = (summary: Summary): string => {
  const rows: Array<ReadonlyArray<string | number | null>> = [
    ['kind', 'actor', 'id', 'share', 'ci95_lo', 'ci95_hi', 'feasible', 'mean', 'sd', 'p05', 'p50', 'p95'],
  ]
  for (const [actorId, actor] of Object.entries(summary.actors))
    for (const [optionId, o] of Object.entries(actor.options)) {
      const u = o.utility
      rows.push([
        'option',
        actorId,
        optionId,
        o.share,
        o.ci95[0],
        o.ci95[1],
        o.feasible,
        u?.mean ?? null,
        u?.sd ?? null,
        u?.p05 ?? null,
        u?.p50 ?? null,
        u?.p95 ?? null,
      ])
    }
  for (const [id, o] of Object.entries(summary.outcomes))
    rows.push(
      o.kind === 'share'
        ? ['outcome', null, id, o.share, o.ci95[0], o.ci95[1], null, null, null, null, null, null]
        : ['outcome', null, id, null, null, null, null, o.mean, o.sd, o.p05, o.p50, o.p95],
    )
  return `${rows.map((row) => row.map(quote).join(',')).join('\n')}\n`
}
