import { feasibleOptions } from './internal/feasibleOptions'
import type { MixedProfile, NormalFormGame } from './normalFormGame'

const RATIO_TOLERANCE = 1e-12
const MAX_PIVOTS = 100_000

/**
 * A tableau of `rows` equations over the labels 0..labels-1 plus a right-hand side, row-major with
 * `labels + 1` columns; basis[row] is the label of the row's basic variable. `slackFrom`..`slackTo` are the
 * labels whose columns held the identity at the start: their current columns are the basis inverse, which
 * breaks ties in the ratio test lexicographically, so degenerate games do not cycle.
 */
interface Tableau {
  readonly rows: number
  readonly width: number
  readonly cells: Float64Array
  readonly basis: Int32Array
  readonly slackFrom: number
  readonly slackTo: number
}

/** Pivots `entering` into the basis by the lexicographic minimum-ratio test; returns the label that leaves. */
const pivot = (tableau: Tableau, entering: number): number => {
  const { rows, width, cells, basis, slackFrom, slackTo } = tableau
  const rhs = width - 1
  let chosen = -1
  for (let r = 0; r < rows; r++) {
    const a = cells[r * width + entering]!
    if (!(a > RATIO_TOLERANCE)) continue
    if (chosen < 0) {
      chosen = r
      continue
    }
    const b = cells[chosen * width + entering]!
    let order = cells[r * width + rhs]! / a - cells[chosen * width + rhs]! / b
    for (let s = slackFrom; s < slackTo && Math.abs(order) <= RATIO_TOLERANCE; s++)
      order = cells[r * width + s]! / a - cells[chosen * width + s]! / b
    if (order < -RATIO_TOLERANCE) chosen = r
  }
  if (chosen < 0) throw new Error('lemkeHowson: unbounded ray (payoffs must be finite)')
  const base = chosen * width
  const scale = 1 / cells[base + entering]!
  for (let c = 0; c < width; c++) cells[base + c] = cells[base + c]! * scale
  cells[base + entering] = 1
  for (let r = 0; r < rows; r++) {
    if (r === chosen) continue
    const factor = cells[r * width + entering]!
    if (factor === 0) continue
    const row = r * width
    for (let c = 0; c < width; c++) cells[row + c] = cells[row + c]! - factor * cells[base + c]!
    cells[row + entering] = 0
  }
  const leaving = basis[chosen]!
  basis[chosen] = entering
  return leaving
}

/** Reads the mixture of the variables labelled offset..offset+count-1 from a tableau, into full-length `out`. */
const mixture = (tableau: Tableau, offset: number, list: Int32Array, out: Float64Array): void => {
  const { rows, width, cells, basis } = tableau
  let total = 0
  for (let r = 0; r < rows; r++) {
    const k = basis[r]! - offset
    if (k < 0 || k >= list.length) continue
    const value = Math.max(0, cells[r * width + width - 1]!)
    out[list[k]!] = value
    total += value
  }
  for (let o = 0; o < out.length; o++) out[o] = out[o]! / total
}

/**
 * One Nash equilibrium of a two-player game by the Lemke–Howson algorithm, in the tableau form of von Stengel
 * (2002, "Computing equilibria for two-person games", Handbook of Game Theory 3, ch. 45): payoffs are shifted
 * to be positive, and complementary pivoting starts from the artificial equilibrium by dropping `firstLabel`.
 * Always terminates with an exact equilibrium up to rounding, for degenerate games too (lexicographic ratio
 * test); deterministic. Different labels may reach different equilibria, but not every equilibrium is reachable
 * from some label. Infeasible options are dropped before pivoting and get probability 0.
 * @param game - a two-player game with at least one feasible option per player
 * @param firstLabel - the label dropped first: row options are 0..m-1, column options m..m+n-1; an infeasible
 * option's label is replaced by the next feasible one, cyclically
 * @returns the equilibrium
 * @throws RangeError when the game does not have two players or a player has no feasible option
 * @example
 * import { gameFromFunction, lemkeHowson } from 'statecraft'
 * // Chicken: option 0 swerves, option 1 goes straight.
 * const table = [[0, -1], [1, -10]]
 * const chicken = gameFromFunction([2, 2], (p, i) => table[p[i]!]![p[1 - i]!]!)
 * lemkeHowson(chicken).map((mix) => Array.from(mix)) // => [[1, 0], [0, 1]]
 * @since 0.1.0
 */
export const lemkeHowson = (game: NormalFormGame, firstLabel = 0): MixedProfile => {
  if (game.players !== 2) throw new RangeError(`lemkeHowson needs 2 players, got ${game.players}`)
  const rows = game.options[0]!
  const columns = game.options[1]!
  const [rowList, columnList] = feasibleOptions(game.options, game.feasible) as [Int32Array, Int32Array]
  const m = rowList.length
  const n = columnList.length
  if (m === 0 || n === 0) throw new RangeError('lemkeHowson needs a feasible option for each player')
  const { payoffs } = game
  let minRow = Number.POSITIVE_INFINITY
  let minColumn = Number.POSITIVE_INFINITY
  for (const r of rowList)
    for (const c of columnList) {
      const cell = (r * columns + c) * 2
      minRow = Math.min(minRow, payoffs[cell]!)
      minColumn = Math.min(minColumn, payoffs[cell + 1]!)
    }
  // Labels 0..m-1 are the row options (x_i, or the slack r_i of A y ≤ 1), m..m+n-1 the column options
  // (y_j, or the slack s_j of Bᵀ x ≤ 1). The first tableau holds r + A y = 1, the second s + Bᵀ x = 1.
  const labels = m + n
  const width = labels + 1
  const first: Tableau = {
    rows: m,
    width,
    cells: new Float64Array(m * width),
    basis: new Int32Array(m),
    slackFrom: 0,
    slackTo: m,
  }
  const second: Tableau = {
    rows: n,
    width,
    cells: new Float64Array(n * width),
    basis: new Int32Array(n),
    slackFrom: m,
    slackTo: labels,
  }
  for (let i = 0; i < m; i++) {
    first.basis[i] = i
    first.cells[i * width + i] = 1
    first.cells[i * width + labels] = 1
    for (let j = 0; j < n; j++)
      first.cells[i * width + m + j] = payoffs[(rowList[i]! * columns + columnList[j]!) * 2]! - minRow + 1
  }
  for (let j = 0; j < n; j++) {
    second.basis[j] = m + j
    second.cells[j * width + m + j] = 1
    second.cells[j * width + labels] = 1
    for (let i = 0; i < m; i++)
      second.cells[j * width + i] = payoffs[(rowList[i]! * columns + columnList[j]!) * 2 + 1]! - minColumn + 1
  }
  const dropped = reducedLabel(firstLabel, rows, columns, rowList, columnList)
  let entering = dropped
  let tableau = dropped < m ? second : first
  for (let step = 0; ; step++) {
    if (step === MAX_PIVOTS) throw new Error('lemkeHowson: too many pivots')
    const leaving = pivot(tableau, entering)
    if (leaving === dropped) break
    // The complement of the leaving variable carries the same label, in the other tableau.
    entering = leaving
    tableau = tableau === first ? second : first
  }
  const x = new Float64Array(rows)
  const y = new Float64Array(columns)
  mixture(second, 0, rowList, x)
  mixture(first, m, columnList, y)
  return [x, y]
}

/** Maps a label of the full game to the reduced game, moving off infeasible options cyclically. */
const reducedLabel = (
  label: number,
  rows: number,
  columns: number,
  rowList: Int32Array,
  columnList: Int32Array,
): number => {
  const total = rows + columns
  const start = ((Math.trunc(label) % total) + total) % total
  for (let k = 0; k < total; k++) {
    const full = (start + k) % total
    const position = full < rows ? rowList.indexOf(full) : columnList.indexOf(full - rows)
    if (position >= 0) return full < rows ? position : rowList.length + position
  }
  throw new RangeError('lemkeHowson needs a feasible option for each player')
}
