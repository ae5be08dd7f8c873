import { scenarioHash } from '../model/canonicalJson'
import type { Scenario } from '../model/scenarioSchema'
import { ENGINE_REVISION, VERSION } from '../version'
import { simulate } from './simulate'
import type { Summary } from './summary'

/** One value that differs between a recorded summary and its re-run. @since 0.1.0 */
export interface Discrepancy {
  /** Dotted path into the summary, e.g. `actors.pakistan.options.join.share`. */
  readonly path: string
  readonly recorded: unknown
  readonly reproduced: unknown
}

/** The verdict of a reproduction. @since 0.1.0 */
export interface Reproduction {
  /** Whether the re-run's JSON is byte-identical to the recorded summary. */
  readonly identical: boolean
  /** Why a difference is expected, before any number is compared: another scenario, version or engine revision. */
  readonly reasons: ReadonlyArray<string>
  /** Every value that differs (at most 50). */
  readonly discrepancies: ReadonlyArray<Discrepancy>
  readonly summary: Summary
}

const differences = (recorded: unknown, reproduced: unknown, path: string, out: Discrepancy[]): void => {
  if (out.length >= 50) return
  if (JSON.stringify(recorded) === JSON.stringify(reproduced)) return
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null
  if (isObject(recorded) && isObject(reproduced) && Array.isArray(recorded) === Array.isArray(reproduced)) {
    const keys = new Set([...Object.keys(recorded), ...Object.keys(reproduced)])
    for (const key of keys)
      differences(recorded[key], reproduced[key], path === '' ? key : `${path}.${key}`, out)
    return
  }
  out.push({ path: path === '' ? '(root)' : path, recorded, reproduced })
}

/**
 * Re-runs a recorded summary — the same scenario, seed and trials as its manifest, drivers as it had them —
 * and says whether the result is byte-identical, or exactly what differs and why a difference could arise.
 * @param scenario - the scenario the summary claims to come from
 * @param recorded - a summary, e.g. parsed from `summary.json`
 * @returns the verdict, the reasons to expect a difference, and the differing values
 * @example
 * import { decodeScenario, reproduce, simulate } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const recorded = JSON.parse(JSON.stringify(simulate(decoded.right, { trials: 2000, seed: 8 })))
 * reproduce(decoded.right, recorded).identical // => true
 * recorded.actors.me.options.go.share = 0.5
 * reproduce(decoded.right, recorded).discrepancies.map((d) => d.path) // => ['actors.me.options.go.share']
 * @since 0.1.0
 */
export const reproduce = (scenario: Scenario, recorded: Summary): Reproduction => {
  const { manifest } = recorded
  const reasons: string[] = []
  if (manifest.scenarioHash !== scenarioHash(scenario))
    reasons.push(
      `the scenario differs from the one recorded (hash ${manifest.scenarioHash.slice(0, 12)}… recorded, ${scenarioHash(scenario).slice(0, 12)}… now)`,
    )
  if (manifest.engine !== ENGINE_REVISION)
    reasons.push(
      `recorded by engine revision ${manifest.engine}; this is revision ${ENGINE_REVISION}, which draws or solves differently`,
    )
  if (manifest.statecraft !== VERSION)
    reasons.push(`recorded by statecraft ${manifest.statecraft}; this is ${VERSION}`)
  const summary = simulate(scenario, {
    trials: manifest.trials,
    seed: manifest.seed,
    drivers: recorded.drivers !== undefined,
  })
  const found: Discrepancy[] = []
  differences(recorded, JSON.parse(JSON.stringify(summary)), '', found)
  return { identical: found.length === 0, reasons, discrepancies: found, summary }
}
