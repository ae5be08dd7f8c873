import { feasibleOptions } from './internal/feasibleOptions'
import { solveLinearSystemInPlace } from './internal/solveLinearSystem'
import type { MixedProfile, NormalFormGame } from './normalFormGame'

const NEGATIVE_TOLERANCE = 1e-12
const DEVIATION_TOLERANCE = 1e-9

/** Advances `subset` (increasing indices into 0..n-1) to the next subset of its size; false after the last. */
const nextSubset = (subset: Int32Array, size: number, n: number): boolean => {
  let k = size - 1
  while (k >= 0 && subset[k] === n - size + k) k--
  if (k < 0) return false
  subset[k] = subset[k]! + 1
  for (let l = k + 1; l < size; l++) subset[l] = subset[l - 1]! + 1
  return true
}

/**
 * Solves for the mixture on `mixed` (indices into `mixer`'s options) that makes the opponent indifferent among
 * `responses`: Σ_s pay(s, r) p_s = v for every r in responses, Σ p_s = 1. `pay(s, r)` is read from the table as
 * payoffs[(row * columns + column) * 2 + owner]. Writes p into `solution` (length size); false when singular.
 */
const indifferenceMixture = (
  payoffs: Float64Array,
  columns: number,
  owner: number,
  mixerIsRow: boolean,
  mixerOptions: Int32Array,
  responderOptions: Int32Array,
  mixed: Int32Array,
  responses: Int32Array,
  size: number,
  matrix: Float64Array,
  solution: Float64Array,
  pivotTolerance: number,
): boolean => {
  const n = size + 1
  for (let r = 0; r < size; r++) {
    const response = responderOptions[responses[r]!]!
    for (let s = 0; s < size; s++) {
      const own = mixerOptions[mixed[s]!]!
      const cell = mixerIsRow ? own * columns + response : response * columns + own
      matrix[r * n + s] = payoffs[cell * 2 + owner]!
    }
    matrix[r * n + size] = -1
    solution[r] = 0
  }
  for (let s = 0; s < size; s++) matrix[size * n + s] = 1
  matrix[size * n + size] = 0
  solution[size] = 1
  return solveLinearSystemInPlace(matrix, solution, n, pivotTolerance)
}

/** Copies a solved mixture into a full-length vector, cleaning tiny negatives; false if clearly negative. */
const spread = (
  solution: Float64Array,
  size: number,
  support: Int32Array,
  list: Int32Array,
  out: Float64Array,
) => {
  out.fill(0)
  let total = 0
  for (let s = 0; s < size; s++) {
    const p = solution[s]!
    if (!(p >= -NEGATIVE_TOLERANCE)) return false
    const clean = Math.max(p, 0)
    out[list[support[s]!]!] = clean
    total += clean
  }
  if (!(total > 0)) return false
  for (let o = 0; o < out.length; o++) out[o] = out[o]! / total
  return true
}

/** Whether no feasible pure option of either player gains more than the tolerance against (x, y). */
const isEquilibrium = (
  payoffs: Float64Array,
  x: Float64Array,
  y: Float64Array,
  rowList: Int32Array,
  columnList: Int32Array,
  rowPayoff: Float64Array,
  columnPayoff: Float64Array,
): boolean => {
  const columns = y.length
  rowPayoff.fill(0)
  columnPayoff.fill(0)
  let rowValue = 0
  let columnValue = 0
  for (const r of rowList)
    for (const c of columnList) {
      const cell = (r * columns + c) * 2
      rowPayoff[r] = rowPayoff[r]! + payoffs[cell]! * y[c]!
      columnPayoff[c] = columnPayoff[c]! + payoffs[cell + 1]! * x[r]!
    }
  for (const r of rowList) rowValue += x[r]! * rowPayoff[r]!
  for (const c of columnList) columnValue += y[c]! * columnPayoff[c]!
  for (const r of rowList) if (rowPayoff[r]! > rowValue + DEVIATION_TOLERANCE) return false
  for (const c of columnList) if (columnPayoff[c]! > columnValue + DEVIATION_TOLERANCE) return false
  return true
}

const sameProfile = (found: MixedProfile, x: Float64Array, y: Float64Array): boolean => {
  const [fx, fy] = found as [Float64Array, Float64Array]
  for (let o = 0; o < x.length; o++) if (Math.abs(fx[o]! - x[o]!) > DEVIATION_TOLERANCE) return false
  for (let o = 0; o < y.length; o++) if (Math.abs(fy[o]! - y[o]!) > DEVIATION_TOLERANCE) return false
  return true
}

/**
 * All Nash equilibria of a two-player game by support enumeration: for each pair of equal-size supports, the
 * mixtures that make the opponent indifferent on its support are solved for, and kept when they are
 * probabilities (entries ≥ -1e-12, cleaned to 0) and no feasible option outside the support pays more than
 * 1e-9 above the equilibrium payoff. Complete for non-degenerate games, whose equilibria have equal-size
 * supports. A degenerate game (e.g. one with ties in a player's payoffs against a pure option) may have
 * equilibria it misses, such as the continua of equilibria with unequal supports. Results within 1e-9 of an
 * earlier one are dropped. Costs Σ_k C(m, k)·C(n, k) small linear solves.
 * @param game - a two-player game; infeasible options get probability 0
 * @returns the equilibria, by support size, then by row support and column support in lexicographic order
 * @throws RangeError when the game does not have two players
 * @example
 * import { gameFromFunction, supportEnumeration } from 'statecraft'
 * // Matching pennies: the row player wins when the options match.
 * const pennies = gameFromFunction([2, 2], (p, i) => ((p[0] === p[1]) === (i === 0) ? 1 : -1))
 * supportEnumeration(pennies).map((profile) => profile.map((mix) => Array.from(mix)))
 * // => [[[0.5, 0.5], [0.5, 0.5]]]
 * @since 0.1.0
 */
export const supportEnumeration = (game: NormalFormGame): MixedProfile[] => {
  if (game.players !== 2) throw new RangeError(`supportEnumeration needs 2 players, got ${game.players}`)
  const rows = game.options[0]!
  const columns = game.options[1]!
  const [rowList, columnList] = feasibleOptions(game.options, game.feasible) as [Int32Array, Int32Array]
  const m = rowList.length
  const n = columnList.length
  const found: MixedProfile[] = []
  const largest = Math.min(m, n)
  const matrix = new Float64Array((largest + 1) * (largest + 1))
  const solution = new Float64Array(largest + 1)
  const rowSupport = new Int32Array(largest)
  const columnSupport = new Int32Array(largest)
  const x = new Float64Array(rows)
  const y = new Float64Array(columns)
  const rowPayoff = new Float64Array(rows)
  const columnPayoff = new Float64Array(columns)
  const { payoffs } = game
  let scale = 1
  for (const r of rowList)
    for (const c of columnList) {
      const cell = (r * columns + c) * 2
      scale = Math.max(scale, Math.abs(payoffs[cell]!), Math.abs(payoffs[cell + 1]!))
    }
  const pivotTolerance = 1e-12 * scale
  for (let size = 1; size <= largest; size++) {
    for (let k = 0; k < size; k++) rowSupport[k] = k
    do {
      for (let k = 0; k < size; k++) columnSupport[k] = k
      do {
        // The column player's mixture makes the row player indifferent, and vice versa.
        const solved =
          indifferenceMixture(
            payoffs,
            columns,
            0,
            false,
            columnList,
            rowList,
            columnSupport,
            rowSupport,
            size,
            matrix,
            solution,
            pivotTolerance,
          ) && spread(solution, size, columnSupport, columnList, y)
        if (!solved) continue
        const solvedRow =
          indifferenceMixture(
            payoffs,
            columns,
            1,
            true,
            rowList,
            columnList,
            rowSupport,
            columnSupport,
            size,
            matrix,
            solution,
            pivotTolerance,
          ) && spread(solution, size, rowSupport, rowList, x)
        if (!solvedRow || !isEquilibrium(payoffs, x, y, rowList, columnList, rowPayoff, columnPayoff))
          continue
        if (found.some((profile) => sameProfile(profile, x, y))) continue
        found.push([Float64Array.from(x), Float64Array.from(y)])
      } while (nextSubset(columnSupport, size, n))
    } while (nextSubset(rowSupport, size, m))
  }
  return found
}
