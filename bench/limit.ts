// Case (a), the limit: the uniforms a trial of (b) draws, from one alea generator, and nothing else.
import seedrandom from 'seedrandom'

/** Uniforms per trial of (b): 20 parameters (one each, by inverse CDF) and one per logit actor (5). */
export const UNIFORMS_PER_TRIAL = 20 + 5

/**
 * Draws `trials` × {@link UNIFORMS_PER_TRIAL} uniforms and sums them, so the JIT cannot drop the loop.
 * @returns the sum, to be used by the caller
 */
export const limitRun = (trials: number, seed = 'bench/limit'): number => {
  const rng = seedrandom.alea(seed)
  let sum = 0
  for (let t = 0; t < trials; t++) for (let i = 0; i < UNIFORMS_PER_TRIAL; i++) sum += rng()
  return sum
}
