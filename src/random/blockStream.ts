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
 * {@link inputStream}`(seed, block, input)`, bit for bit: seedrandom seeds the generator, and its Alea
 * recurrence runs here inline, a column at a time.
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
  const state = (
    seedrandom.alea(`statecraft/${seed}/${block}/${input}`, { state: true }) as unknown as {
      state: () => { c: number; s0: number; s1: number; s2: number }
    }
  ).state()
  let { c, s0, s1, s2 } = state
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
