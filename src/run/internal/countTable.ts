/** Codes below this are counted in a dense array; larger code spaces use a map. */
const DENSE_LIMIT = 1 << 20

/**
 * Counts of integer codes (joint profiles): a dense array when the code space is small (no hashing in the
 * per-trial loop), else a map. Entries come out in increasing code order either way.
 * @internal
 */
export class CountTable {
  private readonly dense: Float64Array | undefined
  private readonly sparse = new Map<number, number>()

  constructor(space: number) {
    this.dense = space <= DENSE_LIMIT ? new Float64Array(space) : undefined
  }

  add(code: number, count = 1): void {
    if (this.dense !== undefined) this.dense[code]! += count
    else this.sparse.set(code, (this.sparse.get(code) ?? 0) + count)
  }

  /** Every code with a positive count, in increasing code order. */
  entries(): Array<[number, number]> {
    if (this.dense === undefined) return [...this.sparse].sort((x, y) => x[0] - y[0])
    const out: Array<[number, number]> = []
    for (let code = 0; code < this.dense.length; code++)
      if (this.dense[code]! > 0) out.push([code, this.dense[code]!])
    return out
  }
}
