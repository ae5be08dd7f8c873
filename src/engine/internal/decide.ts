// One actor's choice among its options, shared by the game-tree solver (one node at a time) and the
// columnar player of independent decisions (a block of trials at a time): the same arithmetic in the same
// order, so both give bit-identical results.
import { exponential } from '../../math/exponential'

/**
 * Whether utility `u` displaces `best` as the argmax: greater, or a number where the best so far is NaN.
 * Ties keep the earlier option.
 * @internal
 */
export const beats = (u: number, best: number): boolean =>
  u > best || (Number.isNaN(best) && !Number.isNaN(u))

/**
 * One mover's choice from its options' utilities: argmax (the first best in declared order; returns it)
 * or logit probabilities (returns -1). Option o's utility and marginal are at `at + o * step`, its
 * feasibility (1 or 0) at `feasibleAt + o * feasibleStep`. Writes every option's marginal.
 * @internal
 */
export const decide = (
  utility: Float64Array,
  marginal: Float64Array,
  at: number,
  step: number,
  feasible: Uint8Array,
  feasibleAt: number,
  feasibleStep: number,
  n: number,
  rationality: number,
): number => {
  if (rationality === 0) {
    let best = -1
    let bestUtility = Number.NaN
    for (let o = 0; o < n; o++) {
      if (feasible[feasibleAt + o * feasibleStep] === 0) continue
      const u = utility[at + o * step]!
      if (best < 0 || beats(u, bestUtility)) {
        best = o
        bestUtility = u
      }
    }
    for (let o = 0; o < n; o++) marginal[at + o * step] = o === best ? 1 : 0
    return best
  }
  let most = Number.NEGATIVE_INFINITY
  for (let o = 0; o < n; o++)
    if (feasible[feasibleAt + o * feasibleStep] === 1 && utility[at + o * step]! > most)
      most = utility[at + o * step]!
  let total = 0
  for (let o = 0; o < n; o++) {
    const u = utility[at + o * step]!
    // Options worth +Infinity take all the mass, shared equally (exp(λ(∞ − ∞)) would be NaN); NaN utilities
    // get no weight, unless every feasible option is NaN: then all weigh equally.
    const w =
      feasible[feasibleAt + o * feasibleStep] === 0
        ? 0
        : most === Number.POSITIVE_INFINITY
          ? u === Number.POSITIVE_INFINITY
            ? 1
            : 0
          : most === Number.NEGATIVE_INFINITY
            ? 1
            : Number.isNaN(u)
              ? 0
              : u === most
                ? 1 // exp(λ · 0), without the call
                : exponential(rationality * (u - most))
    marginal[at + o * step] = w
    total += w
  }
  for (let o = 0; o < n; o++) marginal[at + o * step] = marginal[at + o * step]! / total
  return -1
}

/**
 * Draws an option from mixed marginals (at `at + o * step`) with the uniform `u`, walking the options in
 * `order` (by id, so the draw does not depend on declaration order). Returns -1 if every marginal is 0.
 * @internal
 */
export const drawOption = (
  marginal: Float64Array,
  at: number,
  step: number,
  order: Int32Array,
  u: number,
): number => {
  let choice = -1
  let running = 0
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!
    const p = marginal[at + o * step]!
    if (p === 0) continue
    choice = o
    running += p
    if (u < running) break
  }
  return choice
}
