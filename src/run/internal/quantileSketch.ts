// A DDSketch-style quantile sketch (Masson, Rim and Lee, 2019): buckets of bounded relative width, memory
// that does not grow with the count, and an exact, order-free merge (bucket counts add). Hand-written
// because it sits in the per-trial loop and must merge byte-identically. A bucket is read off the bits of
// the double: its exponent and the top 7 bits of its mantissa, so bucket [m, m + 2^-7) × 2^e is at most
// 0.39% wide around its harmonic middle (the DDSketch guarantee at relative accuracy 0.39%), and adding a
// value costs no logarithm. Buckets come in chunks of 128, one per binary exponent, allocated as values
// arrive: every finite magnitude has its bucket, and a run's values usually span a few exponents. A column
// of values is first counted in 16-bit pending buckets, keyed by sign as well, and moved into the exact
// ones before any read or before a count could overflow: small counts stay in cache from block to block.

/** Magnitudes at or below this count as zero. */
const MIN_MAGNITUDE = 1e-9
/** Mantissa bits kept in a bucket key. */
const MANTISSA_BITS = 7
const CHUNK = 1 << MANTISSA_BITS
/** The high word of a double has 1 sign, 11 exponent and 20 mantissa bits. */
const SHIFT = 20 - MANTISSA_BITS
/** Chunks: one per biased exponent of a finite double. */
const CHUNKS = 2047
/** Chunk indices per sign in a signed key (the sign bit above 11 exponent bits). */
const CHUNKS_PER_SIGN = 2048
/** Pending counts are flushed before they could pass a 16-bit count. */
const MAX_PENDING = 0xffff
const view = new Float64Array(1)
const words = new Uint32Array(view.buffer)
/** Which 32-bit word of a double holds its exponent (1 on little-endian machines). */
const HIGH = (() => {
  view[0] = 1
  return words[1] === 0x3ff00000 ? 1 : 0
})()

/** The bucket key of a positive finite magnitude: its exponent and top mantissa bits. */
const keyOf = (magnitude: number): number => {
  view[0] = magnitude
  return words[HIGH]! >>> SHIFT
}
/** The 32-bit words of a column's doubles, made once per column array: keys read straight off its bits. */
const wordViews = new WeakMap<Float64Array, Uint32Array>()
const wordsOf = (values: Float64Array): Uint32Array => {
  let view = wordViews.get(values)
  if (view === undefined) {
    view = new Uint32Array(values.buffer, values.byteOffset, values.length * 2)
    wordViews.set(values, view)
  }
  return view
}
/** The smallest magnitude in a bucket (Infinity past the largest finite double). */
const lowerEdge = (key: number): number => {
  words[HIGH] = (key << SHIFT) >>> 0
  words[1 - HIGH] = 0
  return view[0]!
}
/** A bucket's representative: the harmonic middle of its edges, within 0.39% of every value in it. */
const valueOfKey = (key: number): number => {
  const lo = lowerEdge(key)
  const hi = lowerEdge(key + 1)
  return hi === Number.POSITIVE_INFINITY ? lo : (2 * lo * hi) / (lo + hi)
}

/** Bucket counts by key, chunk by chunk. */
class Buckets {
  private readonly chunks: Array<Float64Array | undefined> = new Array(CHUNKS).fill(undefined)

  add(key: number, count = 1): void {
    const c = key >>> MANTISSA_BITS
    let chunk = this.chunks[c]
    if (chunk === undefined) {
      chunk = new Float64Array(CHUNK)
      this.chunks[c] = chunk
    }
    chunk[key & (CHUNK - 1)]! += count
  }

  addAll(other: Buckets): void {
    other.chunks.forEach((chunk, c) => {
      if (chunk !== undefined)
        for (let i = 0; i < CHUNK; i++) if (chunk[i] !== 0) this.add(c * CHUNK + i, chunk[i]!)
    })
  }

  /** Pairs (key, count) with a positive count, by increasing key, flattened. */
  pairs(): number[] {
    const out: number[] = []
    this.chunks.forEach((chunk, c) => {
      if (chunk !== undefined)
        for (let i = 0; i < CHUNK; i++) if (chunk[i] !== 0) out.push(c * CHUNK + i, chunk[i]!)
    })
    return out
  }

  /** The first key, walking up (or down), at which the running count passes `rank`; and the running count. */
  find(rank: number, seen: number, upward: boolean): { key: number; seen: number } {
    let running = seen
    for (let k = 0; k < CHUNKS; k++) {
      const c = upward ? k : CHUNKS - 1 - k
      const chunk = this.chunks[c]
      if (chunk === undefined) continue
      for (let j = 0; j < CHUNK; j++) {
        const i = upward ? j : CHUNK - 1 - j
        running += chunk[i]!
        if (running > rank) return { key: c * CHUNK + i, seen: running }
      }
    }
    return { key: -1, seen: running }
  }
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
  /** Pairs (bucket key, count), flattened. */
  readonly positive: ReadonlyArray<number>
  readonly negative: ReadonlyArray<number>
}

/** @internal */
export class QuantileSketch {
  private positive = new Buckets()
  private negative = new Buckets()
  /**
   * Counts added by `addColumn` not yet in the buckets above, by signed key (sign bit, exponent, top
   * mantissa bits): 16-bit counts, a quarter of the memory, which keeps them in cache between blocks.
   */
  private readonly pending: Array<Uint16Array | undefined> = new Array(2 * CHUNKS_PER_SIGN).fill(undefined)
  /** Values in `pending`: no pending count can exceed it. */
  private pendingTotal = 0
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
    else if (value > MIN_MAGNITUDE) this.positive.add(keyOf(value))
    else if (value < -MIN_MAGNITUDE) this.negative.add(keyOf(-value))
    else this.zeros++
  }

  /** Adds the finite values among `values[at]` to `values[at + count - 1]` (only where `mask` is 1, if given). */
  addColumn(values: Float64Array, at: number, count: number, mask?: Uint8Array): void {
    if (count > MAX_PENDING) {
      for (let from = 0; from < count; from += MAX_PENDING)
        this.addColumn(values, at + from, Math.min(MAX_PENDING, count - from), mask)
      return
    }
    if (this.pendingTotal + count > MAX_PENDING) this.flush()
    const bits = wordsOf(values)
    const pending = this.pending
    let min = this.min
    let max = this.max
    let added = 0
    for (let t = 0; t < count; t++) {
      if (mask !== undefined && mask[at + t] === 0) continue
      const value = values[at + t]!
      const magnitude = Math.abs(value)
      if (magnitude > MIN_MAGNITUDE && magnitude < Number.POSITIVE_INFINITY) {
        // The common case inline: a finite value away from zero, counted in the small pending buckets
        // under its signed key, with no branch on the sign.
        added++
        if (value < min) min = value
        if (value > max) max = value
        const key = bits[2 * (at + t) + HIGH]! >>> SHIFT
        const c = key >>> MANTISSA_BITS
        let chunk = pending[c]
        if (chunk === undefined) {
          chunk = new Uint16Array(CHUNK)
          pending[c] = chunk
        }
        chunk[key & (CHUNK - 1)]!++
      } else if (magnitude <= MIN_MAGNITUDE) this.add(value)
    }
    this.count += added
    this.pendingTotal += added
    if (min < this.min) this.min = min
    if (max > this.max) this.max = max
  }

  /** Moves the pending counts into the exact buckets: before every read, and before they could overflow. */
  private flush(): void {
    if (this.pendingTotal === 0) return
    this.pending.forEach((chunk, c) => {
      if (chunk === undefined) return
      const buckets = c < CHUNKS_PER_SIGN ? this.positive : this.negative
      const base = (c % CHUNKS_PER_SIGN) * CHUNK
      for (let i = 0; i < CHUNK; i++) if (chunk[i] !== 0) buckets.add(base + i, chunk[i]!)
      chunk.fill(0)
    })
    this.pendingTotal = 0
  }

  merge(other: QuantileSketch): void {
    this.flush()
    other.flush()
    this.count += other.count
    this.zeros += other.zeros
    this.positiveInfinity += other.positiveInfinity
    this.negativeInfinity += other.negativeInfinity
    this.min = Math.min(this.min, other.min)
    this.max = Math.max(this.max, other.max)
    this.positive.addAll(other.positive)
    this.negative.addAll(other.negative)
  }

  /** The sketch as plain data: sparse bucket counts, exactly restorable. */
  toJSON(): SketchData {
    this.flush()
    return {
      count: this.count,
      zeros: this.zeros,
      infinities: [this.negativeInfinity, this.positiveInfinity],
      // JSON has no infinities: an empty sketch's bounds, or infinite values, are written as strings.
      min: String(this.min),
      max: String(this.max),
      positive: this.positive.pairs(),
      negative: this.negative.pairs(),
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
    for (let i = 0; i < data.positive.length; i += 2)
      sketch.positive.add(data.positive[i]!, data.positive[i + 1]!)
    for (let i = 0; i < data.negative.length; i += 2)
      sketch.negative.add(data.negative[i]!, data.negative[i + 1]!)
    return sketch
  }

  /** The q-quantile (lower), within 0.39% relative error, clamped to the exact minimum and maximum. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN
    this.flush()
    const rank = q * (this.count - 1)
    let seen = this.negativeInfinity
    if (seen > rank) return Number.NEGATIVE_INFINITY
    const clamp = (x: number) => Math.min(this.max, Math.max(this.min, x))
    const below = this.negative.find(rank, seen, false)
    if (below.key >= 0) return clamp(-valueOfKey(below.key))
    seen = below.seen + this.zeros
    if (seen > rank) return clamp(0)
    const above = this.positive.find(rank, seen, true)
    return above.key >= 0 ? clamp(valueOfKey(above.key)) : this.max
  }
}
