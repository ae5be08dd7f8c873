import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'
import { meanMetrics } from './internal/runMetrics'
import {
  actorIndexOrThrow,
  fixableInputs,
  fixedValueOf,
  fixInput,
  modelInputs,
  unknownInput,
} from './internal/scenarioInputs'
import { metricOrThrow } from './metric'

// model

/** Options of {@link switchingPoints}. @since 0.1.0 */
export interface SwitchingOptions extends Abortable {
  readonly actor: string
  /** `parameter:NAME`, `weight:ACTOR.FACTOR` or `effect:ACTOR.OPTION.FACTOR`. */
  readonly input: string
  /**
   * Values to search. @defaultValue the input's 0.1% to 99.9% quantiles widened by a quarter on each side,
   * or value ± max(1, |value|) for a fixed number
   */
  readonly range?: readonly [number, number]
  /** Grid points searched for changes before bisection. @defaultValue 21 */
  readonly grid?: number
  /** Trials per evaluation, the same draws at every value (common random numbers). @defaultValue 2048 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
  /** Bisection stops when the bracket is narrower than this share of the range. @defaultValue 0.001 */
  readonly tolerance?: number
}

/** A value at which the actor's most likely choice changes. @since 0.1.0 */
export interface SwitchingPoint {
  readonly value: number
  readonly from: string
  readonly to: string
}

/** Where an actor's most likely choice changes along one input, and where the input's distribution lies. @since 0.1.0 */
export interface SwitchingResult {
  readonly actor: string
  readonly input: string
  readonly points: ReadonlyArray<SwitchingPoint>
  /** The input as the scenario has it: its 5th, 50th and 95th percentiles (all equal for a fixed number). */
  readonly current: { readonly p05: number; readonly p50: number; readonly p95: number }
  /** The grid searched: each value, the most likely choice and every option's share there. */
  readonly grid: ReadonlyArray<{
    readonly value: number
    readonly modal: string
    readonly shares: Readonly<Record<string, number>>
  }>
  readonly runs: number
}

// analysis

/** The most likely option: the largest share, the first in declared order on a tie. */
const modalIndex = (shares: Float64Array): number => {
  let best = 0
  for (let o = 1; o < shares.length; o++) if (shares[o]! > shares[best]!) best = o
  return best
}

const currentOf = (scenario: Scenario, input: string): SwitchingResult['current'] | undefined => {
  const column = modelInputs(compileScenario(scenario)).find((i) => i.id === input)
  if (column !== undefined) {
    const q = column.distribution.quantile
    return { p05: q(0.05), p50: q(0.5), p95: q(0.95) }
  }
  // A fixed number: read it from the scenario.
  const value = fixedValueOf(scenario, input)
  return value === undefined ? undefined : { p05: value, p50: value, p95: value }
}

/**
 * The values of one input at which an actor's most likely choice flips, found on a grid and refined by
 * bisection under common random numbers, with where the input's current distribution lies.
 * @param scenario - a decoded scenario
 * @param options - actor, input, range, grid, trials, seed
 * @returns every switching point in the range, the grid, and the input's current percentiles
 * @throws RangeError for an unknown actor or input, or an input given by an expression
 * @example
 * import { decodeScenario, switchingPoints } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'flip', title: 'Flips at 0.4', factors: { gain: {}, cost: {} },
 *   actors: { me: { weights: { gain: { uniform: [0.2, 0.6] }, cost: 1 }, options: { go: { effects: { gain: 1, cost: -0.4 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const result = switchingPoints(decoded.right, { actor: 'me', input: 'weight:me.gain', trials: 64 })
 * result.points.map((p) => [p.from, p.to, Number(p.value.toFixed(2))]) // => [['stay', 'go', 0.4]]
 * @since 0.1.0
 */
export const switchingPoints = (scenario: Scenario, options: SwitchingOptions): SwitchingResult => {
  const compiled = compileScenario(scenario)
  const a = actorIndexOrThrow(compiled, options.actor)
  if (!fixableInputs(scenario).includes(options.input))
    throw new RangeError(unknownInput(scenario, options.input))
  const current = currentOf(scenario, options.input)
  if (current === undefined && options.range === undefined)
    throw new RangeError(`${options.input} is given by an expression; pass a range to search`)
  const settings = {
    trials: options.trials ?? 2048,
    seed: String(options.seed ?? '1'),
    signal: options.signal,
  }
  const optionIds = compiled.optionIds[a]!
  const column = modelInputs(compiled).find((i) => i.id === options.input)
  const [lo, hi] =
    options.range ??
    (column !== undefined
      ? (() => {
          const q0 = column.distribution.quantile(0.001)
          const q1 = column.distribution.quantile(0.999)
          const widen = Math.max((q1 - q0) / 4, 1e-9)
          return [q0 - widen, q1 + widen] as const
        })()
      : [
          current!.p50 - Math.max(1, Math.abs(current!.p50)),
          current!.p50 + Math.max(1, Math.abs(current!.p50)),
        ])
  let runs = 0
  const evaluate = (value: number) => {
    runs++
    const shares = meanMetrics(
      fixInput(scenario, options.input, value),
      optionIds.map((id) => (c) => metricOrThrow(c, `share:${options.actor}.${id}`)),
      settings,
    )
    const best = modalIndex(shares)
    return {
      value,
      modal: optionIds[best]!,
      shares: Object.fromEntries(optionIds.map((id, o) => [id, shares[o]!])),
    }
  }
  const steps = Math.max(2, options.grid ?? 21)
  const grid = Array.from({ length: steps }, (_, i) => evaluate(lo + ((hi - lo) * i) / (steps - 1)))
  const tolerance = (options.tolerance ?? 0.001) * (hi - lo)
  const points: SwitchingPoint[] = []
  for (let i = 1; i < grid.length; i++) {
    let left = grid[i - 1]!
    let right = grid[i]!
    if (left.modal === right.modal) continue
    while (right.value - left.value > tolerance) {
      const middle = evaluate((left.value + right.value) / 2)
      if (middle.modal === left.modal) left = middle
      else right = middle
    }
    points.push({ value: (left.value + right.value) / 2, from: left.modal, to: right.modal })
  }
  const result = {
    actor: options.actor,
    input: options.input,
    points,
    current: current ?? { p05: Number.NaN, p50: Number.NaN, p95: Number.NaN },
    grid,
    runs,
  }
  return attachDisplay(result, () => import('../report/notebook').then((m) => m.switchingBundle(result)))
}

/** Options of {@link switchingGrid}. @since 0.1.0 */
export interface SwitchingGridOptions extends Abortable {
  readonly actor: string
  readonly inputs: readonly [string, string]
  readonly ranges: readonly [readonly [number, number], readonly [number, number]]
  /** Values per input. @defaultValue 11 */
  readonly grid?: number
  /** @defaultValue 1024 */
  readonly trials?: number
  readonly seed?: string | number
}

/**
 * A two-way grid: the actor's most likely choice, and its share, for every pair of values of two inputs.
 * @param scenario - a decoded scenario
 * @param options - actor, the two inputs and their ranges, grid size, trials, seed
 * @returns the values along each input and, per cell `[i][j]` (first input i, second j), the modal choice and its share
 * @example
 * import { decodeScenario, switchingGrid } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'two', title: 'Go when gain beats cost', factors: { gain: {}, cost: {} },
 *   actors: { me: { weights: { gain: 1, cost: 1 }, options: { go: { effects: { gain: 1, cost: -1 } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const grid = switchingGrid(decoded.right, { actor: 'me', inputs: ['weight:me.gain', 'weight:me.cost'], ranges: [[0, 2], [0, 2]], grid: 3, trials: 8 })
 * grid.modal // => [['go', 'stay', 'stay'], ['go', 'go', 'stay'], ['go', 'go', 'go']]
 * @since 0.1.0
 */
export const switchingGrid = (
  scenario: Scenario,
  options: SwitchingGridOptions,
): {
  readonly x: ReadonlyArray<number>
  readonly y: ReadonlyArray<number>
  readonly modal: string[][]
  readonly share: number[][]
} => {
  const compiled = compileScenario(scenario)
  const a = actorIndexOrThrow(compiled, options.actor)
  for (const input of options.inputs)
    if (!fixableInputs(scenario).includes(input)) throw new RangeError(unknownInput(scenario, input))
  const steps = Math.max(2, options.grid ?? 11)
  const along = ([lo, hi]: readonly [number, number]) =>
    Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1))
  const x = along(options.ranges[0])
  const y = along(options.ranges[1])
  const optionIds = compiled.optionIds[a]!
  const settings = {
    trials: options.trials ?? 1024,
    seed: String(options.seed ?? '1'),
    signal: options.signal,
  }
  const modal: string[][] = []
  const share: number[][] = []
  for (const vx of x) {
    const modalRow: string[] = []
    const shareRow: number[] = []
    for (const vy of y) {
      const fixed = fixInput(fixInput(scenario, options.inputs[0], vx), options.inputs[1], vy)
      const shares = meanMetrics(
        fixed,
        optionIds.map((id) => (c) => metricOrThrow(c, `share:${options.actor}.${id}`)),
        settings,
      )
      const best = modalIndex(shares)
      modalRow.push(optionIds[best]!)
      shareRow.push(shares[best]!)
    }
    modal.push(modalRow)
    share.push(shareRow)
  }
  return { x, y, modal, share }
}
