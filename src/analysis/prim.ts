// model

/** Data and settings of a PRIM search: plain data, every setting with a default. @since 0.1.0 */
export interface PrimOptions {
  /** Column-major input data: one column per named input, all of length n. Inputs are tried in key order. */
  readonly inputs: Readonly<Record<string, Float64Array | ReadonlyArray<number>>>
  /** Per row, 1 if the case of interest happened (or a value in [0, 1], e.g. a probability), else 0. */
  readonly outcome: Float64Array | ReadonlyArray<number>
  /** Share of the box's rows each peel removes, in (0, 1). @defaultValue 0.05 */
  readonly peelAlpha?: number
  /** Minimum share of all rows left in the box, in [0, 1]. @defaultValue 0.05 */
  readonly minSupport?: number
  /** Share of the box's rows each paste adds, in [0, 1); 0 skips pasting. @defaultValue 0.05 */
  readonly pasteAlpha?: number
}

/** A box: limits on some inputs, and how well it captures the cases of interest. @since 0.1.0 */
export interface PrimBox {
  /** `[lo, hi]`, both included, for each input the box restricts relative to the data's range. */
  readonly limits: Readonly<Record<string, readonly [number, number]>>
  /** Share of all cases of interest that fall in the box (0 when there are none). */
  readonly coverage: number
  /** Share of the rows in the box that are cases of interest. */
  readonly density: number
  /** Share of all rows in the box. */
  readonly mass: number
}

/** The boxes PRIM went through, and a suggested one. @since 0.1.0 */
export interface PrimResult {
  /**
   * The peeling trajectory, from the whole data to the last peel: coverage and mass never increase, density
   * always does. When pasting changed the last box, the pasted box follows it (then `pasted` is true).
   */
  readonly trajectory: ReadonlyArray<PrimBox>
  /**
   * Index in the trajectory of a suggested box: among the boxes whose density is within 0.05 of the
   * trajectory's best, the one with the highest coverage (ties: the denser, then the earlier).
   */
  readonly chosen: number
  /** Whether the last box of the trajectory is the pasted version of the one before it. */
  readonly pasted: boolean
  /** Share of all rows that are cases of interest: the density of the whole data. */
  readonly baseDensity: number
}

/** A box whose density is within this of the best is a candidate for the suggested box. */
const DENSITY_SLACK = 0.05

// checks

const checkShare = (value: number, lo: number, hi: number, open: boolean, name: string): void => {
  const ok = open ? value > lo && value < hi : value >= lo && value <= hi
  if (!ok)
    throw new RangeError(
      `${name} must be in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}, got ${value}`,
    )
}

// search

interface Data {
  readonly names: ReadonlyArray<string>
  readonly columns: ReadonlyArray<Float64Array>
  readonly outcome: Float64Array
  readonly ranges: ReadonlyArray<readonly [number, number]>
  readonly totalOutcome: number
}

/** A box under construction: its limits and its rows. */
interface Box {
  readonly lo: Float64Array
  readonly hi: Float64Array
  readonly inside: Uint8Array
  rows: number
  outcome: number
}

const summarize = (data: Data, box: Box): PrimBox => {
  const limits: Record<string, readonly [number, number]> = {}
  data.names.forEach((name, j) => {
    const [min, max] = data.ranges[j]!
    if (box.lo[j]! > min || box.hi[j]! < max) limits[name] = [box.lo[j]!, box.hi[j]!]
  })
  const n = data.outcome.length
  return {
    limits,
    coverage: data.totalOutcome > 0 ? box.outcome / data.totalOutcome : 0,
    density: box.outcome / box.rows,
    mass: box.rows / n,
  }
}

interface Peel {
  readonly input: number
  readonly side: 'low' | 'high'
  /** The new limit: rows beyond it leave the box. */
  readonly limit: number
  readonly density: number
}

/**
 * The peel of one side of one input: removes about alpha of the box's rows, never splitting rows of equal
 * value, so a discrete input (0/1, say) loses whole values, at least one.
 */
const peelOf = (
  data: Data,
  box: Box,
  sorted: Int32Array,
  input: number,
  side: 'low' | 'high',
  alpha: number,
  minRows: number,
): Peel | undefined => {
  const x = data.columns[input]!
  const m = sorted.length
  const at = (i: number) => x[sorted[side === 'low' ? i : m - 1 - i]!]!
  const beyond = (value: number, limit: number) => (side === 'low' ? value < limit : value > limit)
  const remove = Math.max(1, Math.round(alpha * m))
  if (remove >= m) return undefined
  let limit = at(remove)
  if (limit === at(0)) {
    let i = 1
    while (i < m && at(i) === limit) i++
    if (i === m) return undefined
    limit = at(i)
  }
  let removedRows = 0
  let removedOutcome = 0
  while (beyond(at(removedRows), limit)) {
    removedOutcome += data.outcome[sorted[side === 'low' ? removedRows : m - 1 - removedRows]!]!
    removedRows++
  }
  const rows = box.rows - removedRows
  if (rows < minRows) return undefined
  return { input, side, limit, density: (box.outcome - removedOutcome) / rows }
}

interface Paste {
  readonly input: number
  readonly side: 'low' | 'high'
  readonly limit: number
  readonly added: ReadonlyArray<number>
  readonly density: number
}

/**
 * The paste of one side of one input: adds about alpha of the box's rows among those outside the box only
 * through this input's limit, nearest first, with every row of the farthest value taken.
 */
const pasteOf = (
  data: Data,
  box: Box,
  fullySorted: Int32Array,
  violations: Uint8Array,
  input: number,
  side: 'low' | 'high',
  alpha: number,
): Paste | undefined => {
  const x = data.columns[input]!
  const n = fullySorted.length
  const want = Math.max(1, Math.round(alpha * box.rows))
  const added: number[] = []
  let limit = side === 'low' ? box.lo[input]! : box.hi[input]!
  for (let i = 0; i < n; i++) {
    const row = fullySorted[side === 'low' ? n - 1 - i : i]!
    const value = x[row]!
    if (side === 'low' ? value >= box.lo[input]! : value <= box.hi[input]!) continue
    if (added.length >= want && value !== limit) break
    if (violations[row] !== 1) continue
    added.push(row)
    limit = value
  }
  if (added.length === 0) return undefined
  const addedOutcome = added.reduce((sum, row) => sum + data.outcome[row]!, 0)
  return { input, side, limit, added, density: (box.outcome + addedOutcome) / (box.rows + added.length) }
}

/** Drops the rows no longer inside the box, keeping the order; returns the shortened view. */
const keepInsideInPlace = (rows: Int32Array, inside: Uint8Array): Int32Array => {
  let kept = 0
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    if (inside[row] === 1) rows[kept++] = row
  }
  return rows.subarray(0, kept)
}

const argsort = (x: Float64Array): Int32Array =>
  Int32Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b)

/**
 * PRIM, the patient rule induction method (Friedman and Fisher 1999), for scenario discovery as in the
 * EMA Workbench: finds a box of input values where the cases of interest concentrate.
 * Peeling: at each step, for each input, it tries removing the box's rows below the alpha-quantile of that
 * input, or above its (1 - alpha)-quantile, never splitting rows of equal value (a 0/1 input loses a whole
 * value); it keeps the peel that leaves the densest box (ties: input order, then low before high), and stops
 * when no peel raises the density without leaving fewer than `minSupport` of the rows.
 * Pasting then widens the last box, one limit at a time, by about pasteAlpha of its rows, while its density
 * does not fall.
 * @param options - the input columns, the outcome, and optionally peelAlpha, minSupport and pasteAlpha
 * @returns the trajectory of boxes, the index of a suggested one, and the base density
 * @throws RangeError when the columns' lengths differ, a value is not finite, an outcome is outside [0, 1]
 *   or a setting is outside its range
 * @example
 * import { prim } from 'statecraft'
 * // 20 rows, x = 0, 0.05, ..., 0.95; the cases of interest are x >= 0.75
 * const x = Array.from({ length: 20 }, (_, i) => i / 20)
 * const result = prim({ inputs: { x }, outcome: x.map((v) => (v >= 0.75 ? 1 : 0)), peelAlpha: 0.1 })
 * result.baseDensity // => 0.25
 * const box = result.trajectory[result.chosen]!
 * box.limits // => { x: [0.75, 0.95] }
 * [box.density, box.coverage] // => [1, 1]
 * @since 0.1.0
 */
export const prim = (options: PrimOptions): PrimResult => {
  const peelAlpha = options.peelAlpha ?? 0.05
  const minSupport = options.minSupport ?? 0.05
  const pasteAlpha = options.pasteAlpha ?? 0.05
  checkShare(peelAlpha, 0, 1, true, 'peelAlpha')
  checkShare(minSupport, 0, 1, false, 'minSupport')
  checkShare(pasteAlpha, 0, 1, false, 'pasteAlpha')
  if (pasteAlpha === 1) throw new RangeError('pasteAlpha must be below 1')
  const outcome = Float64Array.from(options.outcome)
  const n = outcome.length
  if (n === 0) throw new RangeError('prim needs at least one row')
  if (!outcome.every((y) => y >= 0 && y <= 1)) throw new RangeError('every outcome must be in [0, 1]')
  const names = Object.keys(options.inputs)
  const columns = names.map((name) => {
    const column = Float64Array.from(options.inputs[name]!)
    if (column.length !== n) throw new RangeError(`input ${name} has ${column.length} rows, the outcome ${n}`)
    if (!column.every(Number.isFinite)) throw new RangeError(`input ${name} has a value that is not finite`)
    return column
  })
  const fullySorted = columns.map(argsort)
  const ranges = columns.map((column, j): readonly [number, number] => {
    const order = fullySorted[j]!
    return [column[order[0]!]!, column[order[n - 1]!]!]
  })
  const totalOutcome = outcome.reduce((sum, y) => sum + y, 0)
  const data: Data = { names, columns, outcome, ranges, totalOutcome }
  const box: Box = {
    lo: Float64Array.from(ranges, ([min]) => min),
    hi: Float64Array.from(ranges, ([, max]) => max),
    inside: new Uint8Array(n).fill(1),
    rows: n,
    outcome: totalOutcome,
  }
  const recount = () => {
    box.rows = 0
    box.outcome = 0
    for (let row = 0; row < n; row++)
      if (box.inside[row] === 1) {
        box.rows++
        box.outcome += outcome[row]!
      }
  }
  const trajectory: PrimBox[] = [summarize(data, box)]
  const minRows = minSupport * n
  // The box's rows sorted by each input, kept current as peels remove rows.
  let sorted: ReadonlyArray<Int32Array> = fullySorted.map((rows) => rows.slice())
  for (;;) {
    let best: Peel | undefined
    columns.forEach((_, j) => {
      for (const side of ['low', 'high'] as const) {
        const peel = peelOf(data, box, sorted[j]!, j, side, peelAlpha, minRows)
        if (peel !== undefined && (best === undefined || peel.density > best.density)) best = peel
      }
    })
    if (best === undefined || !(best.density > box.outcome / box.rows)) break
    const { input, side, limit } = best
    const x = columns[input]!
    if (side === 'low') box.lo[input] = limit
    else box.hi[input] = limit
    for (let row = 0; row < n; row++)
      if (side === 'low' ? x[row]! < limit : x[row]! > limit) box.inside[row] = 0
    sorted = sorted.map((rows) => keepInsideInPlace(rows, box.inside))
    recount()
    trajectory.push(summarize(data, box))
  }
  let pasted = false
  if (pasteAlpha > 0)
    for (;;) {
      const violations = new Uint8Array(n)
      columns.forEach((x, j) => {
        for (let row = 0; row < n; row++) if (x[row]! < box.lo[j]! || x[row]! > box.hi[j]!) violations[row]!++
      })
      let best: Paste | undefined
      columns.forEach((_, j) => {
        for (const side of ['low', 'high'] as const) {
          const paste = pasteOf(data, box, fullySorted[j]!, violations, j, side, pasteAlpha)
          if (paste !== undefined && (best === undefined || paste.density > best.density)) best = paste
        }
      })
      if (best === undefined || !(best.density >= box.outcome / box.rows)) break
      if (best.side === 'low') box.lo[best.input] = best.limit
      else box.hi[best.input] = best.limit
      for (const row of best.added) box.inside[row] = 1
      recount()
      pasted = true
    }
  if (pasted) trajectory.push(summarize(data, box))
  const bestDensity = Math.max(...trajectory.map((b) => b.density))
  let chosen = 0
  trajectory.forEach((b, i) => {
    const current = trajectory[chosen]!
    const eligible = b.density >= bestDensity - DENSITY_SLACK
    const currentEligible = current.density >= bestDensity - DENSITY_SLACK
    const better =
      !currentEligible ||
      b.coverage > current.coverage ||
      (b.coverage === current.coverage && b.density > current.density)
    if (eligible && better) chosen = i
  })
  return { trajectory, chosen, pasted, baseDensity: totalOutcome / n }
}
