import { logarithm } from '../../math/portableMath'
import { followLogitBranch } from './internal/logitBranch'
import {
  correctAtLambda,
  createLogitSolver,
  dampedIteration,
  mixturesFromLogits,
} from './internal/logitSolver'
import type { MixedProfile, NormalFormGame } from './normalFormGame'

// model

/**
 * Options of {@link logitEquilibrium}.
 * @since 0.1.0
 */
export interface LogitEquilibriumOptions {
  /**
   * The largest accepted residual max |σ − logit(λ·EU(σ))| over all options.
   * @defaultValue 1e-10
   */
  readonly tolerance?: number
  /**
   * The most solver iterations (Newton steps and fixed-point steps together).
   * @defaultValue 1000
   */
  readonly maxIterations?: number
  /**
   * The first step along the branch is 1/steps of its log-λ range, and no step is longer than 2/steps; steps
   * adapt in between.
   * @defaultValue 20
   */
  readonly steps?: number
  /** A profile to start from at the target λ, skipping the homotopy. Absent: the homotopy from uniform. */
  readonly start?: MixedProfile
}

/**
 * What {@link logitEquilibrium} found.
 * @since 0.1.0
 */
export interface LogitEquilibriumResult {
  readonly profile: MixedProfile
  /** Whether the residual max |σ − logit(λ·EU(σ))| is within the tolerance. */
  readonly converged: boolean
  /** Newton and fixed-point iterations used. */
  readonly iterations: number
}

// solving

/** The options with their defaults filled in (the start stays optional). */
const withDefaults = (options: LogitEquilibriumOptions | undefined) => ({
  tolerance: options?.tolerance ?? 1e-10,
  maxIterations: options?.maxIterations ?? 1000,
  steps: options?.steps ?? 20,
})

/** λ × payoff range where the branch starts: there the logit response is a contraction. */
const START_SPREAD = 0.1
/** λ × payoff range standing in for λ = ∞ along the branch, before best responses are tried exactly. */
const INFINITE_SPREAD = 1e4
/** From a start, Newton's method that gets this close but is kept from the tolerance by rounding has arrived. */
const START_RESIDUAL = 1e-6
/** Best-response iterations tried for λ = ∞ after the branch: they settle at once when they settle at all. */
const BEST_RESPONSE_ITERATIONS = 50

/**
 * The logit quantal response equilibrium (McKelvey and Palfrey 1995) of a game with any number of players: each
 * player's mixture is the softmax of λ_i times its options' expected payoffs, σ_i = logit(λ_i · EU_i(σ)).
 * Method: a homotopy in λ along the principal branch, the one that starts at the uniform profile at λ = 0,
 * geometric in λ from λ·range = 0.1 to the target, by pseudo-arclength continuation (Euler predictor, Newton
 * corrector on the log-odds, steps shortened where the branch turns by more than about 18°), so it follows the
 * branch through turning points where it bends back in λ, and stays fast at large λ (e.g. matching pennies at
 * λ = 1e4). If the branch is lost, a damped fixed-point iteration σ ← (1 − α)σ + α·logit(λ·EU(σ)) that halves α
 * when the residual grows.
 * Guarantee: when `converged`, the profile is a logit equilibrium within the tolerance; it is the principal
 * branch's except after the fallback, from a `start` (the equilibrium Newton's method reaches from it), or in
 * near-degenerate games where two branches almost touch. At very large λ·range (beyond about 1e7) rounding can
 * keep the residual above the tolerance: the profile is then still close, but not `converged`.
 * λ_i = ∞ makes player i best-respond, spreading its mass evenly over its best responses: the branch is followed
 * to λ·range = 1e4, then best responses are iterated, which converges when they settle (e.g. on a strict pure
 * equilibrium); otherwise the profile at λ·range = 1e4, close to the limiting Nash equilibrium, is returned,
 * not `converged`. Infeasible options get probability 0. Cost per iteration: profiles × players² operations and
 * a linear solve in Σ(options − 1) unknowns.
 * @param game - the game (payoff tables up to about 65,536 profiles)
 * @param lambdas - each player's precision λ ≥ 0; `Infinity` for a best-responding player
 * @param options - tolerance, maxIterations, steps and start
 * @returns the profile, whether it converged and the iterations used
 * @throws RangeError when lambdas do not match the players, a λ is negative or NaN, or a player has no feasible
 * option
 * @example
 * import { gameFromFunction, logitEquilibrium } from 'statecraft'
 * // Prisoner's dilemma: option 0 cooperates, option 1 defects.
 * const table = [[3, 0], [5, 1]]
 * const pd = gameFromFunction([2, 2], (p, i) => table[p[i]!]![p[1 - i]!]!)
 * const { profile, converged } = logitEquilibrium(pd, [50, 50])
 * converged // => true
 * profile[0]![1]! > 0.99 // => true
 * @since 0.1.0
 */
export const logitEquilibrium = (
  game: NormalFormGame,
  lambdas: ReadonlyArray<number>,
  options?: LogitEquilibriumOptions,
): LogitEquilibriumResult => {
  const players = game.players
  if (lambdas.length !== players)
    throw new RangeError(`logitEquilibrium needs ${players} lambdas, got ${lambdas.length}`)
  for (const lambda of lambdas)
    if (!(lambda >= 0)) throw new RangeError(`logitEquilibrium needs lambdas >= 0, got ${lambda}`)
  const { tolerance, maxIterations, steps } = withDefaults(options)
  const solver = createLogitSolver(game, maxIterations)
  const { scale, logits, reference, unknownOption, unknownPlayer } = solver
  const final = Float64Array.from(lambdas)
  const end = new Float64Array(players)
  const first = new Float64Array(players)
  let infinite = false
  for (let i = 0; i < players; i++) {
    const lambda = final[i]!
    if (lambda === Number.POSITIVE_INFINITY) infinite = true
    end[i] = lambda === Number.POSITIVE_INFINITY ? INFINITE_SPREAD / scale[i]! : lambda
    first[i] = Math.min(end[i]!, START_SPREAD / scale[i]!)
  }
  let arrived: boolean
  const start = options?.start
  if (start !== undefined) {
    const { offsets } = solver.mixed
    for (let u = 0; u < solver.unknowns; u++) {
      const g = unknownOption[u]!
      const i = unknownPlayer[u]!
      const row = start[i]!
      const own = Math.max(row[g - offsets[i]!] ?? 0, 1e-300)
      const base = Math.max(row[reference[i]! - offsets[i]!] ?? 0, 1e-300)
      logits[g] = logarithm(own) - logarithm(base)
    }
    arrived = correctAtLambda(solver, end, tolerance) || solver.residual <= START_RESIDUAL
  } else arrived = followLogitBranch(solver, first, end, steps, tolerance)
  mixturesFromLogits(solver)
  let converged = arrived && !infinite && solver.residual <= tolerance
  if (!converged && (infinite || !arrived)) {
    const { sigma } = solver.mixed
    const branchEnd = Float64Array.from(sigma)
    const budget = arrived ? BEST_RESPONSE_ITERATIONS : Number.POSITIVE_INFINITY
    converged = dampedIteration(solver, final, tolerance, budget)
    if (!converged && arrived) sigma.set(branchEnd)
  }
  const { offsets, sigma } = solver.mixed
  const profile = game.options.map((_, i) => sigma.slice(offsets[i]!, offsets[i + 1]!))
  return { profile, converged, iterations: solver.iterations }
}

// The expected payoffs that define the equilibrium, exported here too for callers of the solver.
export { expectedPayoffs } from './expectedPayoffs'
