/**
 * A sum of doubles kept exactly (Shewchuk's non-overlapping partials) and rounded once, correctly,
 * when read: the value does not depend on the order of additions, so statistics of blocks merged
 * in any order or split across workers and shards are byte-identical.
 * @internal
 */
export class ExactSum {
  private readonly partials: number[] = []
  private special = 0

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value
      return
    }
    let x = value
    let i = 0
    const partials = this.partials
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j]!
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x
        x = y
        y = swap
      }
      const hi = x + y
      if (!Number.isFinite(hi)) {
        // The exact sum overflows a double: keep it as the infinity it rounds to (as math.fsum would raise).
        partials.length = 0
        this.special += hi
        return
      }
      const lo = y - (hi - x)
      if (lo !== 0) partials[i++] = lo
      x = hi
    }
    partials.length = i
    partials.push(x)
  }

  addAll(other: ExactSum): void {
    for (const partial of other.partials) this.add(partial)
    this.special += other.special
  }

  /** The correctly rounded sum (the final step of Python's math.fsum). */
  value(): number {
    if (this.special !== 0 || Number.isNaN(this.special)) return this.special
    const partials = this.partials
    let n = partials.length
    if (n === 0) return 0
    n--
    let hi = partials[n]!
    let lo = 0
    while (n > 0) {
      const x = hi
      const y = partials[--n]!
      hi = x + y
      const yr = hi - x
      lo = y - yr
      if (lo !== 0) break
    }
    if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
      const y = lo * 2
      const x = hi + y
      if (y === x - hi) hi = x
    }
    return hi
  }

  /**
   * The partials, for serialising a partial summary. Non-finite totals (which JSON cannot carry) are
   * written as the strings 'Infinity', '-Infinity' or 'NaN' in last place.
   */
  toJSON(): ReadonlyArray<number | string> {
    return this.special === 0 ? [...this.partials] : [...this.partials, String(this.special)]
  }

  static fromJSON(partials: ReadonlyArray<number | string>): ExactSum {
    const sum = new ExactSum()
    for (const partial of partials) sum.add(typeof partial === 'string' ? Number(partial) : partial)
    return sum
  }
}
