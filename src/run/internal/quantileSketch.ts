// A DDSketch-style quantile sketch (Masson, Rim and Lee, 2019): buckets of bounded relative width, fixed
// memory, and an exact, order-free merge (bucket counts add). Hand-written because it sits in the per-trial
// loop and must merge byte-identically. A bucket is read off the bits of the double: its exponent and the
// top 7 bits of its mantissa, so bucket [m, m + 2^-7) × 2^e is at most 0.39% wide around its harmonic middle
// (the DDSketch guarantee at relative accuracy 0.39%), and adding a value costs no logarithm.

/** Magnitudes at or below this count as zero. */
const MIN_MAGNITUDE = 1e-9
/** Magnitudes above this share the last bucket. */
const MAX_MAGNITUDE = 1e15
/** Mantissa bits kept in a bucket key. */
const MANTISSA_BITS = 7
/** The high word of a double has 1 sign, 11 exponent and 20 mantissa bits. */
const SHIFT = 20 - MANTISSA_BITS
const view = new Float64Array(1)
const words = new Uint32Array(view.buffer)
/** Which 32-bit word of a double holds its exponent (1 on little-endian machines). */
const HIGH = (() => {
  view[0] = 1
  return words[1] === 0x3ff00000 ? 1 : 0
})()
const keyOf = (magnitude: number): number => {
  view[0] = magnitude
  return words[HIGH]! >>> SHIFT
}
const KEY_MIN = keyOf(MIN_MAGNITUDE)
const BINS = keyOf(MAX_MAGNITUDE) - KEY_MIN + 1

const binOf = (magnitude: number): number => {
  const bin = keyOf(magnitude) - KEY_MIN
  return bin < BINS ? bin : BINS - 1
}
/** The smallest magnitude in a bucket. */
const lowerEdge = (bin: number): number => {
  words[HIGH] = ((bin + KEY_MIN) << SHIFT) >>> 0
  words[1 - HIGH] = 0
  return view[0]!
}
/** A bucket's representative: the harmonic middle of its edges, within 0.39% of every value in it. */
const valueOfBin = (bin: number): number => {
  const lo = lowerEdge(bin)
  const hi = lowerEdge(bin + 1)
  return (2 * lo * hi) / (lo + hi)
}

/** A sketch as plain data (JSON writes ±Infinity as null). @internal */
export interface SketchData {
  readonly count: number
  readonly zeros: number
  /** Counts of -Infinity and +Infinity. */
  readonly infinities: readonly [number, number]
  /** As text, so ±Infinity survive JSON. */
  readonly min: string
  readonly max: string
  /** Pairs (bucket, count), flattened. */
  readonly positive: ReadonlyArray<number>
  readonly negative: ReadonlyArray<number>
}

/** @internal */
export class QuantileSketch {
  private positive: Float64Array | undefined
  private negative: Float64Array | undefined
  private zeros = 0
  /** Infinite values are counted apart (a bucket would report them as a large finite number). */
  private positiveInfinity = 0
  private negativeInfinity = 0
  count = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY

  add(value: number): void {
    if (Number.isNaN(value)) return
    this.count++
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (value === Number.POSITIVE_INFINITY) this.positiveInfinity++
    else if (value === Number.NEGATIVE_INFINITY) this.negativeInfinity++
    else if (value > MIN_MAGNITUDE) {
      this.positive ??= new Float64Array(BINS)
      this.positive[binOf(value)]!++
    } else if (value < -MIN_MAGNITUDE) {
      this.negative ??= new Float64Array(BINS)
      this.negative[binOf(-value)]!++
    } else this.zeros++
  }

  /** Adds `values[at]` to `values[at + count - 1]`, skipping NaN. */
  addColumn(values: Float64Array, at: number, count: number): void {
    for (let t = 0; t < count; t++) {
      const value = values[at + t]!
      const magnitude = Math.abs(value)
      if (magnitude > MIN_MAGNITUDE && magnitude <= MAX_MAGNITUDE) {
        // The common case inline: a finite value in range.
        this.count++
        if (value < this.min) this.min = value
        if (value > this.max) this.max = value
        view[0] = magnitude
        const bin = (words[HIGH]! >>> SHIFT) - KEY_MIN
        const bins = value > 0 ? this.positiveBins() : this.negativeBins()
        bins[bin]!++
      } else this.add(value)
    }
  }

  private positiveBins(): Float64Array {
    this.positive ??= new Float64Array(BINS)
    return this.positive
  }

  private negativeBins(): Float64Array {
    this.negative ??= new Float64Array(BINS)
    return this.negative
  }

  merge(other: QuantileSketch): void {
    this.count += other.count
    this.zeros += other.zeros
    this.positiveInfinity += other.positiveInfinity
    this.negativeInfinity += other.negativeInfinity
    this.min = Math.min(this.min, other.min)
    this.max = Math.max(this.max, other.max)
    if (other.positive !== undefined) {
      this.positive ??= new Float64Array(BINS)
      for (let i = 0; i < BINS; i++) this.positive[i]! += other.positive[i]!
    }
    if (other.negative !== undefined) {
      this.negative ??= new Float64Array(BINS)
      for (let i = 0; i < BINS; i++) this.negative[i]! += other.negative[i]!
    }
  }

  /** The sketch as plain data: sparse bucket counts, exactly restorable. */
  toJSON(): SketchData {
    const sparse = (bins: Float64Array | undefined): number[] => {
      const out: number[] = []
      if (bins !== undefined) for (let i = 0; i < BINS; i++) if (bins[i] !== 0) out.push(i, bins[i]!)
      return out
    }
    return {
      count: this.count,
      zeros: this.zeros,
      infinities: [this.negativeInfinity, this.positiveInfinity],
      // JSON has no infinities: an empty sketch's bounds, or infinite values, are written as strings.
      min: String(this.min),
      max: String(this.max),
      positive: sparse(this.positive),
      negative: sparse(this.negative),
    }
  }

  static fromJSON(data: SketchData): QuantileSketch {
    const sketch = new QuantileSketch()
    sketch.count = data.count
    sketch.zeros = data.zeros
    sketch.negativeInfinity = data.infinities[0]
    sketch.positiveInfinity = data.infinities[1]
    sketch.min = Number(data.min)
    sketch.max = Number(data.max)
    const dense = (pairs: ReadonlyArray<number>): Float64Array | undefined => {
      if (pairs.length === 0) return undefined
      const bins = new Float64Array(BINS)
      for (let i = 0; i < pairs.length; i += 2) bins[pairs[i]!] = pairs[i + 1]!
      return bins
    }
    sketch.positive = dense(data.positive)
    sketch.negative = dense(data.negative)
    return sketch
  }

  /** The q-quantile (lower), within 0.39% relative error, clamped to the exact minimum and maximum. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN
    const rank = q * (this.count - 1)
    let seen = this.negativeInfinity
    if (seen > rank) return Number.NEGATIVE_INFINITY
    const clamp = (x: number) => Math.min(this.max, Math.max(this.min, x))
    if (this.negative !== undefined)
      for (let i = BINS - 1; i >= 0; i--) {
        seen += this.negative[i]!
        if (seen > rank) return clamp(-valueOfBin(i))
      }
    seen += this.zeros
    if (seen > rank) return clamp(0)
    if (this.positive !== undefined)
      for (let i = 0; i < BINS; i++) {
        seen += this.positive[i]!
        if (seen > rank) return clamp(valueOfBin(i))
      }
    return this.max
  }
}
