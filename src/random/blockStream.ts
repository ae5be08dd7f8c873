import seedrandom from 'seedrandom'

/** A source of uniform numbers in the open interval (0, 1). @since 0.1.0 */
export type RandomSource = () => number

// Alea returns multiples of 2^-32 in [0, 1); half a step keeps inverse CDFs away from 0 and 1.
const HALF_STEP = 2 ** -33

/**
 * The random stream of block `block` under seed `seed`: every trial of that block draws from it,
 * in a fixed order, so a result never depends on how blocks are batched, ordered or shared out.
 * @param seed - the run's seed
 * @param block - the block index, from 0
 * @returns uniforms in (0, 1)
 * @example
 * import { blockStream } from 'statecraft'
 * const a = blockStream('42', 7)
 * const b = blockStream('42', 7)
 * a() === b() // => true
 * @since 0.1.0
 */
export const blockStream = (seed: string, block: number): RandomSource => {
  const alea = seedrandom.alea(`statecraft/${seed}/${block}`)
  return () => alea() + HALF_STEP
}

/**
 * The random stream of one input within a block: seeded by the run's seed, the block and the input's id,
 * so an input's draws do not depend on which other inputs a scenario declares, or in what order.
 * @param seed - the run's seed
 * @param block - the block index, from 0
 * @param input - the input's id, e.g. `weight:pakistan.us_ties`
 * @returns uniforms in (0, 1)
 * @example
 * import { inputStream } from 'statecraft'
 * inputStream('42', 0, 'parameter:x')() === inputStream('42', 0, 'parameter:x')() // => true
 * inputStream('42', 0, 'parameter:x')() === inputStream('42', 0, 'parameter:y')() // => false
 * @since 0.1.0
 */
export const inputStream = (seed: string, block: number, input: string): RandomSource => {
  const alea = seedrandom.alea(`statecraft/${seed}/${block}/${input}`)
  return () => alea() + HALF_STEP
}

/**
 * Fills `target[at]` to `target[at + count - 1]` with the first `count` uniforms of
 * {@link inputStream}`(seed, block, input)`, bit for bit: Alea's seeding and recurrence, as seedrandom
 * computes them, run here inline, a column at a time.
 * @param seed - the run's seed
 * @param block - the block index, from 0
 * @param input - the input's id
 * @param target - where the uniforms go
 * @param at - the first index written
 * @param count - how many uniforms
 * @example
 * import { fillUniforms, inputStream } from 'statecraft'
 * const column = new Float64Array(3)
 * fillUniforms('42', 0, 'parameter:x', column, 0, 3)
 * const stream = inputStream('42', 0, 'parameter:x')
 * column[2] === (stream(), stream(), stream()) // => true
 * @since 0.1.0
 */
export const fillUniforms = (
  seed: string,
  block: number,
  input: string,
  target: Float64Array,
  at: number,
  count: number,
): void => {
  const key = `statecraft/${seed}/${block}/${input}`
  const n0 = mash(AFTER_SPACES.n, key)
  const n1 = mash(n0, key)
  let s0 = seedLess(AFTER_SPACES.s0, n0)
  let s1 = seedLess(AFTER_SPACES.s1, n1)
  let s2 = seedLess(AFTER_SPACES.s2, mash(n1, key))
  let c = 1
  for (let i = at, end = at + count; i < end; i++) {
    // Alea (Baagøe), as seedrandom computes it.
    const t = 2091639 * s0 + c * 2.3283064365386963e-10
    s0 = s1
    s1 = s2
    // floor(t), which is t | 0 here (0 <= t < 2^21); V8 keeps floor's result a double, where | 0's
    // int32 made the loop run at half the speed.
    c = Math.floor(t)
    s2 = t - c
    target[i] = s2 + HALF_STEP
  }
}

// Alea's seeding as seedrandom 3.0.5 does it (lib/alea.js): its Mash hash runs over " " three times and
// then over the seed three times, the hash's state n carrying from one call to the next. Here the
// truncations are Math.floor on values known to be in [0, 2^33): seedrandom's >>> 0, without the slow
// conversion to an integer; the whole seeding takes a third of the time. A test holds fillUniforms to
// inputStream bit for bit.

/** Mash's state n after hashing `data`, from state `n`. */
const mash = (n: number, data: string): number => {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i)
    // 0 <= n < 2^33 + 2^16, so 0 <= h < 2^28 and floor is >>> 0.
    let h = 0.02519603282416938 * n
    n = Math.floor(h)
    h -= n
    h *= n
    n = Math.floor(h)
    h -= n
    n += h * 0x100000000
  }
  return n
}

/**
 * What Mash returns for state `n` (< 2^33): (n >>> 0) * 2^-32. The wrap past 2^32 cannot change a seed
 * (what it leaves is under 2^-4 and the three starting seeds are above it) but is kept, as seedrandom has it.
 */
const mashed = (n: number): number => {
  const whole = Math.floor(n)
  return (whole >= 0x100000000 ? whole - 0x100000000 : whole) * 2.3283064365386963e-10
}

/** Alea's seed `s` less what Mash returns for state `n`, taken mod 1. */
const seedLess = (s: number, n: number): number => {
  const x = s - mashed(n)
  return x < 0 ? x + 1 : x
}

/** Mash's state and Alea's three seeds after the three hashes of " " that every seeding starts with. */
const AFTER_SPACES = (() => {
  const n0 = mash(0xefc8249d, ' ')
  const n1 = mash(n0, ' ')
  const n2 = mash(n1, ' ')
  return { n: n2, s0: mashed(n0), s1: mashed(n1), s2: mashed(n2) }
})()
