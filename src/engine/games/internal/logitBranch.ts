import { exponential } from '../../../math/exponential'
import { logarithm } from '../../../math/portableMath'
import { correctAtLambda, fillSensitivity, type LogitSolver, mixturesFromLogits } from './logitSolver'
import { computeMixedPayoffs } from './mixedPayoffs'
import { solveLinearSystemInPlace } from './solveLinearSystem'

/** The largest |F| accepted at points along the branch (F is in units of each player's payoff range). */
const BRANCH_TOLERANCE = 1e-9
/** Corrector iterations per step before the step is halved. */
const MAX_CORRECTIONS = 6
/** Steps are shortened until consecutive tangents are at least this aligned, so the branch is not lost at sharp turns. */
const MIN_TANGENT_COSINE = 0.95
/** Landing on the target λ counts as arrived at this residual even when rounding keeps Newton from the tolerance. */
const LANDING_RESIDUAL = 1e-6
/** A step is halved at most this many times in a row before giving up. */
const MAX_HALVINGS = 14

/**
 * The branch in coordinates that stay bounded as λ grows: z_u = w_u / (λ_i · scale_i), the logit over λ in units
 * of the player's payoff range, and τ ∈ [0, 1], with λ_i(τ) = first_i · exp(τ · logRatio_i). On the branch,
 * F_u(z, τ) = z_u − (EU_u − EU_ref) / scale_i = 0.
 */
interface Branch {
  readonly first: Float64Array
  readonly end: Float64Array
  readonly logRatio: Float64Array
  readonly lambda: Float64Array
  readonly z: Float64Array
  tau: number
  readonly predictedZ: Float64Array
  predictedTau: number
  readonly residual: Float64Array
}

const setLambda = (branch: Branch, tau: number): void => {
  const { first, end, logRatio, lambda } = branch
  for (let i = 0; i < lambda.length; i++)
    lambda[i] = logRatio[i]! > 0 && tau !== 1 ? first[i]! * exponential(tau * logRatio[i]!) : end[i]!
}

/**
 * Sets the logits w = λ · scale · z (the reference's z being 0), measured from each player's largest, so that the
 * logits of the options played stay small and precise however large λ is.
 */
const setLogits = (solver: LogitSolver, z: Float64Array, lambda: Float64Array): void => {
  const { unknowns, unknownOption, unknownPlayer, reference, scale, logits } = solver
  let u = 0
  for (let i = 0; i < solver.players; i++) {
    let top = 0
    const from = u
    for (; u < unknowns && unknownPlayer[u] === i; u++) top = Math.max(top, z[u]!)
    const unit = lambda[i]! * scale[i]!
    logits[reference[i]!] = -unit * top
    for (let v = from; v < u; v++) logits[unknownOption[v]!] = unit * (z[v]! - top)
  }
}

/** Sets the logits from (z, τ) and evaluates F there; returns max |F|. */
const evaluateBranch = (solver: LogitSolver, branch: Branch, withPairs: boolean): number => {
  const { unknowns, unknownOption, unknownPlayer, reference, scale, mixed } = solver
  const { z, lambda, residual } = branch
  setLambda(branch, branch.tau)
  setLogits(solver, z, lambda)
  mixturesFromLogits(solver)
  computeMixedPayoffs(mixed, withPairs)
  const { expected } = mixed
  let largest = 0
  for (let u = 0; u < unknowns; u++) {
    const i = unknownPlayer[u]!
    const value = z[u]! - (expected[unknownOption[u]!]! - expected[reference[i]!]!) / scale[i]!
    residual[u] = value
    largest = Math.max(largest, Math.abs(value))
  }
  return Number.isNaN(largest) ? Number.POSITIVE_INFINITY : largest
}

/**
 * Fills the (K + 1)-square matrix [∂F/∂z, ∂F/∂τ; lastRow] at the last point evaluated with pairs, where
 * ∂F_u/∂z_v = δ_uv − S_uv λ_j scale_j / scale_i and ∂F_u/∂τ = −Σ_v S_uv λ_j scale_j logRatio_j z_v / scale_i,
 * S being the sensitivity of the payoff gaps to the logits.
 */
const fillAugmented = (solver: LogitSolver, branch: Branch, lastRow: Float64Array): void => {
  const { unknowns, unknownPlayer, scale, sensitivity, matrix } = solver
  const { lambda, logRatio, z } = branch
  fillSensitivity(solver)
  const n = unknowns + 1
  for (let u = 0; u < unknowns; u++) {
    const unit = scale[unknownPlayer[u]!]!
    let drift = 0
    for (let v = 0; v < unknowns; v++) {
      const j = unknownPlayer[v]!
      const effect = (sensitivity[u * unknowns + v]! * lambda[j]! * scale[j]!) / unit
      matrix[u * n + v] = (u === v ? 1 : 0) - effect
      drift += effect * logRatio[j]! * z[v]!
    }
    matrix[u * n + unknowns] = -drift
  }
  for (let v = 0; v < n; v++) matrix[unknowns * n + v] = lastRow[v]!
}

/**
 * Newton's method on F = 0 with the side condition tangent · ((z, τ) − predicted) = 0, from the predicted point.
 * @returns the iterations used, or -1 if it failed
 */
const correctOnBranch = (solver: LogitSolver, branch: Branch, tangent: Float64Array): number => {
  const { unknowns, vector } = solver
  const { z, predictedZ, residual } = branch
  let previous = Number.POSITIVE_INFINITY
  for (let used = 0; ; used++) {
    const size = evaluateBranch(solver, branch, true)
    if (size <= BRANCH_TOLERANCE) return used
    if (used === MAX_CORRECTIONS || !(size < previous) || solver.iterations >= solver.maxIterations) return -1
    previous = size
    solver.iterations++
    fillAugmented(solver, branch, tangent)
    let along = tangent[unknowns]! * (branch.tau - branch.predictedTau)
    for (let u = 0; u < unknowns; u++) {
      vector[u] = -residual[u]!
      along += tangent[u]! * (z[u]! - predictedZ[u]!)
    }
    vector[unknowns] = -along
    if (!solveLinearSystemInPlace(solver.matrix, vector, unknowns + 1, 0)) return -1
    for (let u = 0; u < unknowns; u++) z[u] = z[u]! + vector[u]!
    branch.tau += vector[unknowns]!
  }
}

/** The unit tangent at the current point (evaluated with pairs), oriented along `previous`, into `out`. */
const tangentAt = (
  solver: LogitSolver,
  branch: Branch,
  previous: Float64Array,
  out: Float64Array,
): boolean => {
  const { unknowns, vector } = solver
  fillAugmented(solver, branch, previous)
  vector.fill(0)
  vector[unknowns] = 1
  if (!solveLinearSystemInPlace(solver.matrix, vector, unknowns + 1, 0)) return false
  let norm = 0
  for (let v = 0; v <= unknowns; v++) norm += vector[v]! * vector[v]!
  norm = Math.sqrt(norm)
  if (!(norm > 0 && Number.isFinite(norm))) return false
  for (let v = 0; v <= unknowns; v++) out[v] = vector[v]! / norm
  return true
}

/** Gives up at the last point accepted on the branch, leaving its logits in the solver. */
const leave = (solver: LogitSolver, branch: Branch): false => {
  evaluateBranch(solver, branch, false)
  return false
}

/** Whether consecutive tangents turn by less than about 18°: a sharper turn asks for a shorter step. */
const gentle = (tangent: Float64Array, next: Float64Array): boolean => {
  let dot = 0
  for (let v = 0; v < tangent.length; v++) dot += tangent[v]! * next[v]!
  return dot >= MIN_TANGENT_COSINE
}

/**
 * Follows the principal branch of logit equilibria, from near the centroid at λ = first to λ = end, by
 * pseudo-arclength continuation (Allgower and Georg 1990): an Euler predictor along the tangent and a Newton
 * corrector, so the branch is followed through turning points where it bends back in λ. λ grows geometrically
 * along the branch. The last step lands on λ = end by Newton's method at fixed λ.
 * @param solver - the solver; its logits are overwritten
 * @param first - each player's λ at the start, where the logit response is a contraction
 * @param end - each player's target λ (finite)
 * @param steps - the first step is 1/steps of the branch's τ range
 * @param tolerance - the residual max |σ − logit(λ·EU(σ))| to reach at the end
 * @returns whether the end was reached: the solver's logits then hold it, with `residual` within the tolerance unless
 * rounding kept Newton's method from it (then within 1e-6)
 * @since 0.1.0
 * @internal
 */
export const followLogitBranch = (
  solver: LogitSolver,
  first: Float64Array,
  end: Float64Array,
  steps: number,
  tolerance: number,
): boolean => {
  const { players, unknowns, logits } = solver
  const logRatio = new Float64Array(players)
  let widest = 0
  for (let i = 0; i < players; i++) {
    logRatio[i] = end[i]! > first[i]! ? logarithm(end[i]! / first[i]!) : 0
    widest = Math.max(widest, logRatio[i]!)
  }
  logits.fill(0)
  if (widest === 0 || unknowns === 0)
    return correctAtLambda(solver, end, tolerance) || solver.residual <= LANDING_RESIDUAL
  const branch: Branch = {
    first,
    end,
    logRatio,
    lambda: new Float64Array(players),
    z: new Float64Array(unknowns),
    tau: 0,
    predictedZ: new Float64Array(unknowns),
    predictedTau: 0,
    residual: new Float64Array(unknowns),
  }
  let tangent = new Float64Array(unknowns + 1)
  let nextTangent = new Float64Array(unknowns + 1)
  // At τ = 0 the side condition with the tangent (0, …, 0, 1) pins τ.
  nextTangent[unknowns] = 1
  if (correctOnBranch(solver, branch, nextTangent) < 0 || !tangentAt(solver, branch, nextTangent, tangent))
    return false
  const baseZ = new Float64Array(unknowns)
  const longest = 2 / Math.max(1, steps)
  let length = 1 / Math.max(1, steps)
  let halvings = 0
  for (;;) {
    // Each step counts as an iteration, so the budget bounds the walk even when no correction is needed.
    if (solver.iterations >= solver.maxIterations) return leave(solver, branch)
    solver.iterations++
    baseZ.set(branch.z)
    const baseTau = branch.tau
    for (let u = 0; u < unknowns; u++) branch.z[u] = baseZ[u]! + length * tangent[u]!
    branch.tau = baseTau + length * tangent[unknowns]!
    branch.predictedZ.set(branch.z)
    branch.predictedTau = branch.tau
    let used = correctOnBranch(solver, branch, tangent)
    if (used >= 0 && branch.tau >= 1) {
      // Crossed λ = end: land there from the interpolated point.
      const fraction = (1 - baseTau) / (branch.tau - baseTau)
      for (let u = 0; u < unknowns; u++) branch.z[u] = baseZ[u]! + fraction * (branch.z[u]! - baseZ[u]!)
      setLogits(solver, branch.z, end)
      if (correctAtLambda(solver, end, tolerance) || solver.residual <= LANDING_RESIDUAL) return true
      used = -1
    }
    if (
      used < 0 ||
      branch.tau < 0 ||
      !tangentAt(solver, branch, tangent, nextTangent) ||
      !gentle(tangent, nextTangent)
    ) {
      branch.z.set(baseZ)
      branch.tau = baseTau
      length /= 2
      if (++halvings > MAX_HALVINGS) return leave(solver, branch)
      continue
    }
    halvings = 0
    const swap = tangent
    tangent = nextTangent
    nextTangent = swap
    if (used <= 2) length = Math.min(longest, length * 2)
  }
}
