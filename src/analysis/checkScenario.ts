import fc from 'fast-check'
import type { Abortable } from '../engine/aborted'
import { throwIfAborted } from '../engine/aborted'
import { createBlockEvaluator } from '../engine/blockEvaluator'
import { compileScenario } from '../engine/compileScenario'
import { compileExpression } from '../model/compileExpression'
import { parametersRead, parseExpression, readsChoices } from '../model/expression'
import type { Scenario } from '../model/scenarioSchema'
import { meanMetrics } from './internal/runMetrics'
import { fixableInputs, fixedValueOf, fixInput, modelInputs, unknownInput } from './internal/scenarioInputs'
import { metricOrThrow } from './metric'

// model

/**
 * A law the analyst states of their model:
 * - `increasing` / `decreasing`: the metric's mean over trials moves with the input (common random numbers);
 * - `bounds`: in every trial the metric stays within [min, max];
 * - `never`: in every trial where the condition (an expression over parameters) holds, the metric is 0 —
 *   e.g. a choice never happens when a parameter is false.
 * @since 0.1.0
 */
export type Law =
  | {
      readonly kind: 'increasing' | 'decreasing'
      readonly input: string
      readonly metric: string
      /** Values to search. @defaultValue the input's 1% to 99% quantiles, or value ± max(1, |value|) */
      readonly range?: readonly [number, number]
    }
  | { readonly kind: 'bounds'; readonly metric: string; readonly min?: number; readonly max?: number }
  | { readonly kind: 'never'; readonly metric: string; readonly when: string }

/** Options of {@link checkScenario}. @since 0.1.0 */
export interface CheckOptions extends Abortable {
  /** fast-check's seed: the same seed replays the same search. @defaultValue 42 */
  readonly seed?: number
  /** Cases tried per law. @defaultValue 100 */
  readonly runs?: number
  /** Trials behind each mean, for monotone laws. @defaultValue 256 */
  readonly trials?: number
}

/** A law's verdict. @since 0.1.0 */
export interface LawResult {
  readonly law: Law
  readonly holds: boolean
  /** Cases tried. */
  readonly runs: number
  /** The seed and path that replay the failure with fast-check (`{ seed, path }`). */
  readonly seed: number
  readonly path?: string
  /** What broke the law, in words, with the input values. */
  readonly counterexample?: string
}

/** The verdict on every law. @since 0.1.0 */
export interface CheckResult {
  readonly holds: boolean
  readonly laws: ReadonlyArray<LawResult>
}

// checking

const GRID = 2 ** 30

const rangeOf = (scenario: Scenario, input: string): readonly [number, number] => {
  const column = modelInputs(compileScenario(scenario)).find((i) => i.id === input)
  if (column !== undefined) return [column.distribution.quantile(0.01), column.distribution.quantile(0.99)]
  const value = fixedValueOf(scenario, input) ?? 0
  return [value - Math.max(1, Math.abs(value)), value + Math.max(1, Math.abs(value))]
}

/**
 * Searches a scenario's input space with fast-check for a counter-example to each law, and returns the
 * verdicts (the data-returning twin of {@link assertScenario}). A failure carries the seed and path that
 * replay it.
 * @param scenario - a decoded scenario
 * @param laws - what should hold
 * @param options - seed, cases per law, trials per mean
 * @returns each law's verdict
 * @throws RangeError for an unknown metric, input, or a `never` condition that does not parse or reads choices
 * @example
 * import { checkScenario, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { uniform: [-1, 1] } }, open: { dist: { bernoulli: 0.5 } } },
 *   actors: { me: { weights: { gain: { uniform: [0.5, 1] } },
 *     options: { go: { feasible: 'open == 1', effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = checkScenario(decoded.right, [
 *   { kind: 'increasing', input: 'parameter:luck', metric: 'share:me.go' },
 *   { kind: 'never', metric: 'share:me.go', when: 'open == 0' },
 *   { kind: 'bounds', metric: 'utility:me.go', min: -0.5, max: 1 },
 * ], { runs: 30 })
 * result.laws.map((law) => law.holds) // => [true, true, false]
 * @since 0.1.0
 */
export const checkScenario = (
  scenario: Scenario,
  laws: ReadonlyArray<Law>,
  options: CheckOptions = {},
): CheckResult => {
  const seed = options.seed ?? 42
  const runs = options.runs ?? 100
  const trials = options.trials ?? 256
  throwIfAborted(options.signal, 'the check')
  const compiled = compileScenario(scenario)
  const evaluator = createBlockEvaluator(compiled, { flipChecks: false, signal: options.signal })
  const inputs = compiled.inputs
  // fast-check's doubles are spread over representations, so most would sit next to 0; a fine integer
  // grid spreads the search evenly over each input's quantiles instead.
  const unit = fc.integer({ min: 0, max: GRID }).map((i) => i / GRID)
  const point = fc.array(unit, { minLength: inputs.length, maxLength: inputs.length })
  // One trial at the inputs' quantiles u (choice draws included), read through `read`.
  const atPoint = (
    u: ReadonlyArray<number>,
    read: (output: ReturnType<typeof evaluator.evaluateColumns>) => number,
  ) =>
    read(
      evaluator.evaluateColumns(1, (columns, blockSize) => {
        inputs.forEach((input, c) => {
          const p = Math.min(1 - 1e-9, Math.max(1e-9, u[c]!))
          columns[c * blockSize] =
            input.id.startsWith('choice:') || input.id.startsWith('select:')
              ? p
              : input.distribution.quantile(p)
        })
      }),
    )
  const describePoint = (u: ReadonlyArray<number>) =>
    inputs
      .filter((input) => !input.id.startsWith('choice:') && !input.id.startsWith('select:'))
      .map(
        (input) =>
          `${input.id} = ${Number(input.distribution.quantile(Math.min(1 - 1e-9, Math.max(1e-9, u[inputs.indexOf(input)]!))).toPrecision(6))}`,
      )
      .join(', ')

  const verdicts = laws.map((law): LawResult => {
    const metric = metricOrThrow(compiled, law.metric)
    let counterexample: string | undefined
    let details: {
      failed: boolean
      numRuns: number
      seed: number
      counterexamplePath: string | null
      counterexample: unknown
    }
    const params = { seed, numRuns: runs }
    if (law.kind === 'increasing' || law.kind === 'decreasing') {
      if (!fixableInputs(scenario).includes(law.input))
        throw new RangeError(unknownInput(scenario, law.input))
      const [lo, hi] = law.range ?? rangeOf(scenario, law.input)
      const value = unit.map((u) => lo + (hi - lo) * u)
      details = fc.check(
        fc.property(value, value, fc.nat(1_000_000), (x, y, runSeed) => {
          const [low, high] = x <= y ? [x, y] : [y, x]
          const settings = { trials, seed: `check-${runSeed}`, signal: options.signal }
          const at = (v: number) =>
            meanMetrics(fixInput(scenario, law.input, v), [(c) => metricOrThrow(c, law.metric)], settings)[0]!
          const a = at(low)
          const b = at(high)
          const ok = law.kind === 'increasing' ? b >= a - 1e-12 : b <= a + 1e-12
          if (!ok)
            counterexample = `${law.metric} is ${a} at ${law.input} = ${low} but ${b} at ${high} (${trials} trials, seed 'check-${runSeed}')`
          return ok
        }),
        params,
      )
    } else if (law.kind === 'bounds') {
      const min = law.min ?? Number.NEGATIVE_INFINITY
      const max = law.max ?? Number.POSITIVE_INFINITY
      details = fc.check(
        fc.property(point, (u) => {
          const v = atPoint(u, (out) => metric.read(out, 0))
          const ok = Number.isNaN(v) || (v >= min && v <= max)
          if (!ok) counterexample = `${law.metric} = ${v} outside [${min}, ${max}] at ${describePoint(u)}`
          return ok
        }),
        params,
      )
    } else {
      const when = law.kind === 'never' ? law.when : ''
      const parsed = parseExpression(when)
      if (!parsed.ok)
        throw new RangeError(`the condition '${when}' does not parse: ${parsed.problem.message}`)
      if (readsChoices(parsed.value))
        throw new RangeError(`the condition '${when}' must read parameters only`)
      for (const name of parametersRead(parsed.value))
        if (!compiled.parameterIds.includes(name))
          throw new RangeError(`the condition '${when}' reads unknown parameter '${name}'`)
      const condition = compileExpression(parsed.value, {
        parameter: (name) => compiled.parameterIds.indexOf(name),
        actor: () => -1,
        option: () => -1,
      })
      const parameters = new Float64Array(compiled.parameterIds.length)
      details = fc.check(
        fc.property(point, (u) => {
          const [applies, value] = [0, 0].map((_, k) =>
            atPoint(u, (out) => {
              if (k === 1) return metric.read(out, 0)
              compiled.parameterIds.forEach((_, i) => {
                parameters[i] = out.parameters[i * out.blockSize]!
              })
              return condition(parameters, new Int32Array(0))
            }),
          ) as [number, number]
          const ok = applies === 0 || value === 0
          if (!ok) counterexample = `${law.metric} = ${value} while ${when}, at ${describePoint(u)}`
          return ok
        }),
        params,
      )
    }
    // fast-check reports an exception inside a property as a failure: an abort must not pass for one.
    throwIfAborted(options.signal, 'the check')
    return details.failed
      ? {
          law,
          holds: false,
          runs: details.numRuns,
          seed: details.seed,
          path: details.counterexamplePath ?? '',
          counterexample: counterexample ?? String(details.counterexample),
        }
      : { law, holds: true, runs: details.numRuns, seed: details.seed }
  })
  return { holds: verdicts.every((v) => v.holds), laws: verdicts }
}

/**
 * Like {@link checkScenario}, but throws when a law fails, with the counter-example and the seed that replays it.
 * @param scenario - a decoded scenario
 * @param laws - what should hold
 * @param options - seed, cases per law, trials per mean
 * @throws Error naming each failed law, its counter-example and its replay seed
 * @since 0.1.0
 */
export const assertScenario = (
  scenario: Scenario,
  laws: ReadonlyArray<Law>,
  options: CheckOptions = {},
): void => {
  const result = checkScenario(scenario, laws, options)
  if (result.holds) return
  const failures = result.laws
    .filter((law) => !law.holds)
    .map(
      (law) =>
        `- ${law.law.kind} ${law.law.metric}: ${law.counterexample} (replay: seed ${law.seed}, path '${law.path}')`,
    )
  throw new Error(`scenario ${scenario.id} breaks ${failures.length} law(s):\n${failures.join('\n')}`)
}
