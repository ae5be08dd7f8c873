// Case (c): the model of bench/synthetic.yaml written plainly, as a user would without statecraft:
// an object of sampled factors per trial, an object of utilities per actor, logit with Math.exp, counts
// and sums in plain objects. Straightforward code: neither made slow on purpose nor optimised.
import seedrandom from 'seedrandom'

type Rng = () => number

const LAMBDA = 2

/** Inverse-CDF triangular draw. */
const triangular = (rng: Rng, lo: number, mode: number, hi: number): number => {
  const u = rng()
  const split = (mode - lo) / (hi - lo)
  return u < split
    ? lo + Math.sqrt(u * (hi - lo) * (mode - lo))
    : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode))
}

/** Box–Muller normal draw (two uniforms; the second variate is discarded, as most hand-written code does). */
const normal = (rng: Rng, mean: number, sd: number): number => {
  const u1 = 1 - rng() // in (0, 1], so the log is finite
  const u2 = rng()
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}

const sampleFactors = (rng: Rng) => ({
  p1: triangular(rng, 0, 0.4, 1),
  p2: triangular(rng, -1, 0, 1),
  p3: triangular(rng, 0.2, 0.5, 0.9),
  p4: triangular(rng, -0.5, 0.1, 0.6),
  p5: triangular(rng, 0, 0.8, 1),
  p6: triangular(rng, -1, -0.3, 0.5),
  p7: triangular(rng, 0.1, 0.2, 0.7),
  p8: triangular(rng, -0.2, 0.3, 0.4),
  p9: triangular(rng, 0, 0.5, 2),
  p10: triangular(rng, -0.8, 0, 0.3),
  p11: normal(rng, 0.1, 0.3),
  p12: normal(rng, -0.2, 0.5),
  p13: normal(rng, 0.5, 0.2),
  p14: normal(rng, 0, 0.4),
  p15: normal(rng, 0.3, 0.1),
  p16: normal(rng, -0.1, 0.25),
  p17: normal(rng, 0.2, 0.6),
  p18: normal(rng, 0, 0.15),
  p19: normal(rng, -0.4, 0.3),
  p20: normal(rng, 0.25, 0.35),
})

type Factors = ReturnType<typeof sampleFactors>

/** Each actor's options, each a utility: the sum over the actor's factors of weight × effect. */
const actors: Record<string, Record<string, (p: Factors) => number>> = {
  a1: {
    o1: (p) =>
      0.35 * (p.p8 + p.p19 * 0.8) +
      0.2 * (p.p13 * 1.2 - p.p2) +
      0.75 * (p.p18 + p.p5 * 0.3) +
      0.5 * (p.p3 * 0.5 - p.p8),
    o2: (p) =>
      0.35 * (p.p11 * 1.2 - p.p4) +
      0.2 * (p.p16 + p.p7 * 0.3) +
      0.75 * (p.p1 * 0.5 - p.p10) +
      0.5 * (p.p6 + p.p13 * 0.8),
    o3: (p) =>
      0.35 * (p.p14 + p.p9 * 0.3) +
      0.2 * (p.p19 * 0.5 - p.p12) +
      0.75 * (p.p4 + p.p15 * 0.8) +
      0.5 * (p.p9 * 1.2 - p.p18),
  },
  a2: {
    o1: (p) =>
      0.75 * (p.p15 * 1.2 - p.p10) +
      0.5 * (p.p20 + p.p13 * 0.3) +
      0.4 * (p.p5 * 0.5 - p.p16) +
      0.8 * (p.p10 + p.p19 * 0.8),
    o2: (p) =>
      0.75 * (p.p18 + p.p15 * 0.3) +
      0.5 * (p.p3 * 0.5 - p.p18) +
      0.4 * (p.p8 + p.p1 * 0.8) +
      0.8 * (p.p13 * 1.2 - p.p4),
    o3: (p) =>
      0.75 * (p.p1 * 0.5 - p.p20) +
      0.5 * (p.p6 + p.p3 * 0.8) +
      0.4 * (p.p11 * 1.2 - p.p6) +
      0.8 * (p.p16 + p.p9 * 0.3),
  },
  a3: {
    o1: (p) =>
      0.4 * (p.p2 + p.p1 * 0.3) +
      0.8 * (p.p7 * 0.5 - p.p4) +
      0.3 * (p.p12 + p.p7 * 0.8) +
      0.65 * (p.p17 * 1.2 - p.p10),
    o2: (p) =>
      0.4 * (p.p5 * 0.5 - p.p6) +
      0.8 * (p.p10 + p.p9 * 0.8) +
      0.3 * (p.p15 * 1.2 - p.p12) +
      0.65 * (p.p20 + p.p15 * 0.3),
    o3: (p) =>
      0.4 * (p.p8 + p.p11 * 0.8) +
      0.8 * (p.p13 * 1.2 - p.p14) +
      0.3 * (p.p18 + p.p17 * 0.3) +
      0.65 * (p.p3 * 0.5 - p.p20),
  },
  a4: {
    o1: (p) =>
      0.3 * (p.p9 * 0.5 - p.p12) +
      0.65 * (p.p14 + p.p15 * 0.8) +
      0.9 * (p.p19 * 1.2 - p.p18) +
      0.6 * (p.p4 + p.p1 * 0.3),
    o2: (p) =>
      0.3 * (p.p12 + p.p17 * 0.8) +
      0.65 * (p.p17 * 1.2 - p.p20) +
      0.9 * (p.p2 + p.p3 * 0.3) +
      0.6 * (p.p7 * 0.5 - p.p6),
    o3: (p) =>
      0.3 * (p.p15 * 1.2 - p.p2) +
      0.65 * (p.p20 + p.p5 * 0.3) +
      0.9 * (p.p5 * 0.5 - p.p8) +
      0.6 * (p.p10 + p.p11 * 0.8),
  },
  a5: {
    o1: (p) =>
      0.9 * (p.p16 + p.p3 * 0.8) +
      0.6 * (p.p1 * 1.2 - p.p6) +
      0.35 * (p.p6 + p.p9 * 0.3) +
      0.2 * (p.p11 * 0.5 - p.p12),
    o2: (p) =>
      0.9 * (p.p19 * 1.2 - p.p8) +
      0.6 * (p.p4 + p.p11 * 0.3) +
      0.35 * (p.p9 * 0.5 - p.p14) +
      0.2 * (p.p14 + p.p17 * 0.8),
    o3: (p) =>
      0.9 * (p.p2 + p.p13 * 0.3) +
      0.6 * (p.p7 * 0.5 - p.p16) +
      0.35 * (p.p12 + p.p19 * 0.8) +
      0.2 * (p.p17 * 1.2 - p.p2),
  },
}

/** What (c) returns: per actor and option, the share of trials it was chosen and its mean utility. */
export type PlainResult = Record<string, Record<string, { share: number; utility: number }>>

/** Runs `trials` trials of the plain model. */
export const plainRun = (trials: number, seed = 'bench/plain'): PlainResult => {
  const rng = seedrandom.alea(seed)
  const counts: Record<string, Record<string, number>> = {}
  const utilitySums: Record<string, Record<string, number>> = {}
  for (const [actor, options] of Object.entries(actors)) {
    counts[actor] = Object.fromEntries(Object.keys(options).map((option) => [option, 0]))
    utilitySums[actor] = Object.fromEntries(Object.keys(options).map((option) => [option, 0]))
  }
  for (let t = 0; t < trials; t++) {
    const factors = sampleFactors(rng)
    for (const [actor, options] of Object.entries(actors)) {
      const utilities: Record<string, number> = {}
      for (const [option, utility] of Object.entries(options)) utilities[option] = utility(factors)
      let total = 0
      const weights: Record<string, number> = {}
      for (const [option, u] of Object.entries(utilities)) {
        const weight = Math.exp(LAMBDA * u)
        weights[option] = weight
        total += weight
      }
      let r = rng() * total
      let chosen = ''
      for (const [option, weight] of Object.entries(weights)) {
        chosen = option
        r -= weight
        if (r < 0) break
      }
      const actorCounts = counts[actor]!
      actorCounts[chosen] = (actorCounts[chosen] ?? 0) + 1
      const actorSums = utilitySums[actor]!
      for (const [option, u] of Object.entries(utilities)) actorSums[option] = (actorSums[option] ?? 0) + u
    }
  }
  const result: PlainResult = {}
  for (const [actor, options] of Object.entries(counts)) {
    const sums = utilitySums[actor] ?? {}
    result[actor] = Object.fromEntries(
      Object.entries(options).map(([option, count]) => [
        option,
        { share: count / trials, utility: (sums[option] ?? 0) / trials },
      ]),
    )
  }
  return result
}
