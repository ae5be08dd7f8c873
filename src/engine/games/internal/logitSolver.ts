import { exponential } from '../../../math/exponential'
import type { NormalFormGame } from '../normalFormGame'
import { computeMixedPayoffs, createMixedPayoffs, type MixedPayoffs } from './mixedPayoffs'
import { nextProfile } from './nextProfile'
import { solveLinearSystemInPlace } from './solveLinearSystem'

/** Expected payoffs within this fraction of the payoff range of the best count as best responses (λ = ∞). */
const TIE_TOLERANCE = 1e-10
/** Newton steps are shortened at most this many times. */
const MAX_BACKTRACKS = 8

/**
 * The state of the logit equilibrium solver, in preallocated buffers. Each player's mixture is the softmax of
 * its logits `logits` (indexed by global option). The unknowns are the logits of each player's feasible options
 * but the first, its reference (`unknownOption[u]`, of player `unknownPlayer[u]`), and at precision λ the
 * equations are G_u = (w_u − w_ref(i)) − λ_i (EU_u − EU_ref(i)) = 0.
 * @since 0.1.0
 * @internal
 */
export interface LogitSolver {
  readonly mixed: MixedPayoffs
  readonly players: number
  readonly unknowns: number
  readonly unknownOption: Int32Array
  readonly unknownPlayer: Int32Array
  readonly reference: Int32Array
  /** Each player's payoff range over the feasible profiles, or 1 where it is 0: the unit of its payoffs. */
  readonly scale: Float64Array
  readonly logits: Float64Array
  readonly savedLogits: Float64Array
  /** The logit responses at the last evaluation. */
  readonly target: Float64Array
  /** sensitivity[u * unknowns + v] = ∂(EU_u − EU_ref)/∂w_v, from {@link fillSensitivity}. */
  readonly sensitivity: Float64Array
  /** Scratch for linear systems of up to unknowns + 1 equations. */
  readonly matrix: Float64Array
  readonly vector: Float64Array
  readonly maxIterations: number
  iterations: number
  /** The residual max |σ − logit(λ·EU(σ))| at the last point {@link correctAtLambda} accepted. */
  residual: number
}

/**
 * Allocates a solver for a game.
 * @param game - the game; every player needs a feasible option
 * @param maxIterations - the iteration budget shared by all phases
 * @returns the solver
 * @since 0.1.0
 * @internal
 */
export const createLogitSolver = (game: NormalFormGame, maxIterations: number): LogitSolver => {
  const mixed = createMixedPayoffs(game, true)
  const { players, offsets, lists, total, strides } = mixed
  if (lists.some((list) => list.length === 0))
    throw new RangeError('logitEquilibrium needs a feasible option for each player')
  let unknowns = 0
  for (const list of lists) unknowns += list.length - 1
  const unknownOption = new Int32Array(unknowns)
  const unknownPlayer = new Int32Array(unknowns)
  const reference = new Int32Array(players)
  let u = 0
  for (let i = 0; i < players; i++) {
    const list = lists[i]!
    reference[i] = offsets[i]! + list[0]!
    for (let k = 1; k < list.length; k++) {
      unknownOption[u] = offsets[i]! + list[k]!
      unknownPlayer[u++] = i
    }
  }
  const low = new Float64Array(players).fill(Number.POSITIVE_INFINITY)
  const high = new Float64Array(players).fill(Number.NEGATIVE_INFINITY)
  const index = new Int32Array(players)
  let code = 0
  for (let i = 0; i < players; i++) code += lists[i]![0]! * strides[i]!
  for (;;) {
    for (let i = 0; i < players; i++) {
      const value = game.payoffs[code * players + i]!
      if (value < low[i]!) low[i] = value
      if (value > high[i]!) high[i] = value
    }
    code = nextProfile(lists, index, strides, code)
    if (code < 0) break
  }
  const scale = new Float64Array(players)
  for (let i = 0; i < players; i++) scale[i] = high[i]! > low[i]! ? high[i]! - low[i]! : 1
  return {
    mixed,
    players,
    unknowns,
    unknownOption,
    unknownPlayer,
    reference,
    scale,
    logits: new Float64Array(total),
    savedLogits: new Float64Array(total),
    target: new Float64Array(total),
    sensitivity: new Float64Array(unknowns * unknowns),
    matrix: new Float64Array((unknowns + 1) * (unknowns + 1)),
    vector: new Float64Array(unknowns + 1),
    maxIterations,
    iterations: 0,
    residual: Number.POSITIVE_INFINITY,
  }
}

/**
 * Writes softmax(precision · values) over player i's feasible options into `out` (0 on the others); precision ∞
 * spreads the mass evenly over the options within `tieTolerance` of the best.
 */
const respond = (
  solver: LogitSolver,
  i: number,
  values: Float64Array,
  precision: number,
  out: Float64Array,
  tieTolerance: number,
): void => {
  const { offsets, lists } = solver.mixed
  const offset = offsets[i]!
  const list = lists[i]!
  for (let o = offset; o < offsets[i + 1]!; o++) out[o] = 0
  let best = Number.NEGATIVE_INFINITY
  for (let k = 0; k < list.length; k++) best = Math.max(best, values[offset + list[k]!]!)
  let sum = 0
  for (let k = 0; k < list.length; k++) {
    const g = offset + list[k]!
    const gap = values[g]! - best
    const weight =
      precision === Number.POSITIVE_INFINITY
        ? gap >= -tieTolerance
          ? 1
          : 0
        : precision === 0
          ? 1
          : exponential(precision * gap)
    out[g] = weight
    sum += weight
  }
  for (let k = 0; k < list.length; k++) {
    const g = offset + list[k]!
    out[g] = out[g]! / sum
  }
}

/**
 * Sets the mixtures from the logits.
 * @param solver - the solver
 * @since 0.1.0
 * @internal
 */
export const mixturesFromLogits = (solver: LogitSolver): void => {
  for (let i = 0; i < solver.players; i++) respond(solver, i, solver.logits, 1, solver.mixed.sigma, 0)
}

/**
 * Computes the expected payoffs (and pairs) at the current mixtures and each player's logit response.
 * @param solver - the solver
 * @param lambda - each player's precision (∞: best response)
 * @param withPairs - whether to compute the pair payoffs for derivatives too
 * @returns the residual max |σ − logit(λ·EU(σ))|
 * @since 0.1.0
 * @internal
 */
export const evaluateLogit = (solver: LogitSolver, lambda: Float64Array, withPairs: boolean): number => {
  const { mixed, players, target, scale } = solver
  computeMixedPayoffs(mixed, withPairs)
  for (let i = 0; i < players; i++)
    respond(solver, i, mixed.expected, lambda[i]!, target, TIE_TOLERANCE * scale[i]!)
  let residual = 0
  const { sigma } = mixed
  for (let g = 0; g < sigma.length; g++) residual = Math.max(residual, Math.abs(sigma[g]! - target[g]!))
  return residual
}

/**
 * Fills `sensitivity` from current pairs: ∂(EU_u − EU_ref)/∂w_v = σ_v [(pairs[u, v] − pairs[ref, v]) − (EU_u −
 * EU_ref)] when v belongs to another player, 0 otherwise.
 * @param solver - the solver, evaluated with pairs
 * @since 0.1.0
 * @internal
 */
export const fillSensitivity = (solver: LogitSolver): void => {
  const { mixed, unknowns, unknownOption, unknownPlayer, reference, sensitivity } = solver
  const { sigma, expected, pairs, total } = mixed
  for (let u = 0; u < unknowns; u++) {
    const i = unknownPlayer[u]!
    const g = unknownOption[u]!
    const ref = reference[i]!
    const gap = expected[g]! - expected[ref]!
    for (let v = 0; v < unknowns; v++) {
      const h = unknownOption[v]!
      sensitivity[u * unknowns + v] =
        unknownPlayer[v] === i ? 0 : sigma[h]! * (pairs[g * total + h]! - pairs[ref * total + h]! - gap)
    }
  }
}

/**
 * Shifts each player's logits so that the largest is 0. The mixtures do not change, but the logits of the options
 * that are played stay small, so Newton updates far below the size of the logits are not lost to rounding.
 */
const recentre = (solver: LogitSolver): void => {
  const { offsets, lists } = solver.mixed
  const { logits } = solver
  for (let i = 0; i < solver.players; i++) {
    const list = lists[i]!
    let largest = Number.NEGATIVE_INFINITY
    for (let k = 0; k < list.length; k++) largest = Math.max(largest, logits[offsets[i]! + list[k]!]!)
    for (let k = 0; k < list.length; k++)
      logits[offsets[i]! + list[k]!] = logits[offsets[i]! + list[k]!]! - largest
  }
}

/**
 * Newton's method on G at fixed finite λ from the current logits, shortening steps that do not reduce the
 * residual max |σ − logit(λ·EU(σ))|.
 * @param solver - the solver
 * @param lambda - each player's precision, finite
 * @param tolerance - the residual to reach
 * @returns whether the residual reached the tolerance; the logits, mixtures and `residual` are the last accepted
 * @since 0.1.0
 * @internal
 */
export const correctAtLambda = (solver: LogitSolver, lambda: Float64Array, tolerance: number): boolean => {
  const {
    unknowns,
    unknownOption,
    unknownPlayer,
    reference,
    logits,
    savedLogits,
    sensitivity,
    matrix,
    vector,
  } = solver
  const { expected } = solver.mixed
  recentre(solver)
  mixturesFromLogits(solver)
  let residual = evaluateLogit(solver, lambda, false)
  for (;;) {
    solver.residual = residual
    if (residual <= tolerance) return true
    if (solver.iterations >= solver.maxIterations) return false
    solver.iterations++
    evaluateLogit(solver, lambda, true)
    fillSensitivity(solver)
    for (let u = 0; u < unknowns; u++) {
      const i = unknownPlayer[u]!
      for (let v = 0; v < unknowns; v++)
        matrix[u * unknowns + v] = (u === v ? 1 : 0) - lambda[i]! * sensitivity[u * unknowns + v]!
      const g = unknownOption[u]!
      const ref = reference[i]!
      vector[u] = lambda[i]! * (expected[g]! - expected[ref]!) - (logits[g]! - logits[ref]!)
    }
    if (!solveLinearSystemInPlace(matrix, vector, unknowns, 0)) return false
    savedLogits.set(logits)
    let fraction = 1
    let accepted = false
    for (let tries = 0; tries <= MAX_BACKTRACKS && !accepted; tries++, fraction /= 2) {
      for (let u = 0; u < unknowns; u++) {
        const g = unknownOption[u]!
        logits[g] = savedLogits[g]! + fraction * vector[u]!
      }
      mixturesFromLogits(solver)
      const next = evaluateLogit(solver, lambda, false)
      if (next < residual) {
        residual = next
        accepted = true
      }
    }
    if (accepted) recentre(solver)
    if (!accepted) {
      logits.set(savedLogits)
      mixturesFromLogits(solver)
      return false
    }
  }
}

/**
 * Damped fixed-point iteration σ ← (1 − α) σ + α · logit(λ · EU(σ)) from the current mixtures, halving α when the
 * residual grows. Leaves the mixtures at the best iterate.
 * @param solver - the solver
 * @param lambda - each player's precision (∞: even best response)
 * @param tolerance - the residual to reach
 * @param budget - the most iterations to spend
 * @returns whether the residual reached the tolerance
 * @since 0.1.0
 * @internal
 */
export const dampedIteration = (
  solver: LogitSolver,
  lambda: Float64Array,
  tolerance: number,
  budget: number,
): boolean => {
  const { sigma } = solver.mixed
  const { target } = solver
  const last = Math.min(solver.maxIterations, solver.iterations + budget)
  const best = Float64Array.from(sigma)
  let bestResidual = Number.POSITIVE_INFINITY
  let previous = Number.POSITIVE_INFINITY
  let damping = 1
  for (;;) {
    const residual = evaluateLogit(solver, lambda, false)
    if (residual < bestResidual) {
      bestResidual = residual
      best.set(sigma)
    }
    if (residual <= tolerance) {
      solver.residual = residual
      return true
    }
    if (solver.iterations >= last) break
    solver.iterations++
    if (residual > previous) damping = Math.max(damping / 2, 1e-12)
    previous = residual
    for (let g = 0; g < sigma.length; g++) sigma[g] = (1 - damping) * sigma[g]! + damping * target[g]!
  }
  sigma.set(best)
  solver.residual = bestResidual
  return false
}
