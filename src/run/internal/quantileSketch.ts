// A DDSketch-style quantile sketch (Masson, Rim and Lee, 2019): logarithmic buckets with a relative
// accuracy of 0.5%, fixed memory, and an exact, order-free merge (bucket counts add). Hand-written
// because it sits in the per-trial loop and must merge byte-identically.

const RELATIVE_ACCURACY = 0.005
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)
const LOG_GAMMA = Math.log(GAMMA)
/** Magnitudes below this count as zero. */
const MIN_MAGNITUDE = 1e-9
const MAX_MAGNITUDE = 1e15
const KEY_OFFSET = -Math.ceil(Math.log(MIN_MAGNITUDE) / LOG_GAMMA)
const BINS = Math.ceil(Math.log(MAX_MAGNITUDE) / LOG_GAMMA) + KEY_OFFSET + 1

const binOf = (magnitude: number): number => {
  const key = Math.ceil(Math.log(magnitude) / LOG_GAMMA) + KEY_OFFSET
  return key < 0 ? 0 : key >= BINS ? BINS - 1 : key
}
const valueOfBin = (bin: number): number => (2 * GAMMA ** (bin - KEY_OFFSET)) / (GAMMA + 1)

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

  /** The q-quantile (lower), within 0.5% relative error, clamped to the exact minimum and maximum. */
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
