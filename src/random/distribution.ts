import { type BetaQuantileTable, betaQuantileTable } from '../math/betaQuantileTable'
import { exponential } from '../math/exponential'
import { betaDensity, incompleteBeta, logInverseBeta } from '../math/incompleteBeta'
import {
  MIN_TRUNCATED_MASS,
  normalCdf,
  normalDensity,
  normalQuantile,
  normalQuantileFast,
} from '../math/normal'
import { exponentialMinusOne, logarithm, power } from '../math/portableMath'
import type { RandomDistributionSpec } from '../model/scenarioSchema'
import type { RandomSource } from './blockStream'
import { zigguratNormal } from './ziggurat'

// model

/**
 * A distribution, checked once when it is made: a sampler that draws from a random source passed in,
 * and its law (mean, variance, CDF, quantile) for tests and analyses.
 * @since 0.1.0
 */
export interface Distribution {
  readonly sample: (random: RandomSource) => number
  readonly mean: number
  readonly variance: number
  /** P(X <= x). */
  readonly cdf: (x: number) => number
  /** The smallest x with P(X <= x) >= p. */
  readonly quantile: (p: number) => number
  /** Whether the distribution takes finitely many values. */
  readonly discrete: boolean
  /**
   * Present when a draw takes exactly one uniform: maps `values[at]` to `values[at + count - 1]`, uniforms
   * in (0, 1), to draws in place, exactly as `sample` would draw them one at a time. For the block loop.
   */
  readonly fromUniforms?: (values: Float64Array, at: number, count: number) => void
}

/** z of the 95th percentile: a 90% interval is mean +- Z90 sd. @internal */
export const Z90 = 1.6448536269514722

// constructors

/** v², rounded once as IEEE 754 says: `v ** 2` is each runtime's own pow. */
const square = (v: number): number => v * v

const check = (ok: boolean, message: string): void => {
  if (!ok) throw new RangeError(message)
}

// A distribution that takes one uniform per draw has `sample` and `fromUniforms`, each written out in its
// constructor, not made by one shared helper: a helper's loop would be one function for every
// distribution, calling each one's draw through the same call site, which V8 then cannot inline. Written
// out, each loop calls only its own distribution's draw, inlined; the synthetic benchmark, 10 triangular
// and 10 normal inputs, ran 1.2 times as fast.

const uniform = (lo: number, hi: number): Distribution => {
  check(lo < hi, `uniform needs lo < hi, got ${lo}, ${hi}`)
  const width = hi - lo
  const draw = (u: number) => lo + width * u
  return {
    sample: (random) => draw(random()),
    fromUniforms: (values, at, count) => {
      for (let i = at, end = at + count; i < end; i++) values[i] = draw(values[i]!)
    },
    mean: (lo + hi) / 2,
    variance: (width * width) / 12,
    cdf: (x) => (x <= lo ? 0 : x >= hi ? 1 : (x - lo) / width),
    quantile: draw,
    discrete: false,
  }
}

const triangular = (lo: number, mode: number, hi: number): Distribution => {
  check(
    lo < hi && lo <= mode && mode <= hi,
    `triangular needs lo <= mode <= hi and lo < hi, got ${lo}, ${mode}, ${hi}`,
  )
  const width = hi - lo
  const split = (mode - lo) / width
  const rise = mode - lo
  const fall = hi - mode
  const branching = (p: number) =>
    p < split ? lo + Math.sqrt(p * width * rise) : hi - Math.sqrt((1 - p) * width * fall)
  // Which side of the mode a uniform falls is a coin toss the processor cannot predict, so where both
  // sides are finite for every p, both are computed and the other multiplied by 0: x + 0·y is x exactly,
  // the same bits as the branch, unless x is −0. The low side never is (lo + √… is −0 only as −0 + −0, and
  // the root is never −0); the high side is when hi is −0 and the root 0, so that shape keeps the branch,
  // as do shapes so large that a side could overflow.
  const finite = Number.isFinite(Math.abs(lo) + Math.abs(hi) + width * rise + width * fall)
  const quantile =
    !finite || Object.is(hi, -0)
      ? branching
      : (p: number) => {
          const below = Number(p < split)
          return (
            below * (lo + Math.sqrt(p * width * rise)) +
            (1 - below) * (hi - Math.sqrt((1 - p) * width * fall))
          )
        }
  return {
    sample: (random) => quantile(random()),
    fromUniforms: (values, at, count) => {
      for (let i = at, end = at + count; i < end; i++) values[i] = quantile(values[i]!)
    },
    mean: (lo + mode + hi) / 3,
    variance: (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18,
    cdf: (x) =>
      x <= lo
        ? 0
        : x >= hi
          ? 1
          : x <= mode
            ? square(x - lo) / (width * (mode - lo))
            : 1 - square(hi - x) / (width * (hi - mode)),
    quantile,
    discrete: false,
  }
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000), its normal from the ziggurat; shape < 1 by boosting. */
const gammaSampler = (shape: number): ((random: RandomSource) => number) => {
  if (shape < 1) {
    const boosted = gammaSampler(shape + 1)
    const inverse = 1 / shape
    return (random) => boosted(random) * power(random(), inverse)
  }
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  return (random) => {
    for (;;) {
      const x = zigguratNormal(random)
      let v = 1 + c * x
      if (v <= 0) continue
      v = v * v * v
      const u = random()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (logarithm(u) < 0.5 * x2 + d * (1 - v + logarithm(v))) return d * v
    }
  }
}

/**
 * The x in [lo, hi] with cdf(x) = p, by Newton steps kept inside a shrinking bracket (a bisection step
 * whenever Newton would leave it): a handful of CDF calls where bisection needs fifty.
 */
const invert = (
  cdf: (x: number) => number,
  density: (x: number) => number,
  p: number,
  lo: number,
  hi: number,
): number => {
  let a = lo
  let b = hi
  let x = (a + b) / 2
  for (let i = 0; i < 200; i++) {
    const f = cdf(x) - p
    if (f < 0) a = x
    else b = x
    const scale = 1e-15 * Math.max(1, Math.abs(a) + Math.abs(b))
    if (b - a <= scale) break
    let next = x - f / density(x)
    if (!(next > a && next < b)) next = (a + b) / 2
    const step = Math.abs(next - x)
    x = next
    if (step <= scale) break
  }
  return x
}

/** The exact quantile of Beta(a, b) on [0, 1] at p, by root search. */
const exactBetaQuantile = (a: number, b: number, p: number): number => {
  const logScale = logInverseBeta(a, b)
  return invert((x) => incompleteBeta(x, a, b, logScale), betaDensity(a, b), p, 0, 1)
}

/** Beta quantile tables by shapes, shared by every distribution with those shapes (at most TABLES_KEPT). */
const tables = new Map<string, BetaQuantileTable>()
const TABLES_KEPT = 64

const tableFor = (a: number, b: number): BetaQuantileTable => {
  const key = `${a} ${b}`
  let table = tables.get(key)
  if (table === undefined) {
    if (tables.size >= TABLES_KEPT) tables.clear()
    table = betaQuantileTable(a, b, exactBetaQuantile)
    tables.set(key, table)
  }
  return table
}

// Shapes from 1 to 5 (every PERT's) draw one uniform through a tabled quantile, within 1e-10 of the exact
// one (see betaQuantileTable): a lookup and a cubic instead of two gamma draws, and a column form for the
// block loop (docs/performance.md has the benchmark). Other shapes draw two gammas.
const TABLED_SHAPES: readonly [number, number] = [1, 5]

const scaledBeta = (a: number, b: number, lo: number, hi: number): Distribution => {
  check(a > 0 && b > 0, `beta needs shapes > 0, got ${a}, ${b}`)
  const width = hi - lo
  const logScale = logInverseBeta(a, b)
  const cdf = (x: number) => incompleteBeta((x - lo) / width, a, b, logScale)
  const unitDensity = betaDensity(a, b)
  const density = (x: number) => unitDensity((x - lo) / width) / width
  const law = {
    mean: lo + (width * a) / (a + b),
    variance: (width * width * a * b) / (square(a + b) * (a + b + 1)),
    cdf,
    quantile: (p: number) => (p <= 0 ? lo : p >= 1 ? hi : invert(cdf, density, p, lo, hi)),
    discrete: false,
  }
  const [least, most] = TABLED_SHAPES
  if (a >= least && a <= most && b >= least && b <= most) {
    // The table is built at the first draw: analyses that only read the law never pay for it.
    let table: BetaQuantileTable | undefined
    return {
      sample: (random) => {
        table ??= tableFor(a, b)
        return lo + width * table.quantile(random())
      },
      fromUniforms: (values, at, count) => {
        table ??= tableFor(a, b)
        table.scaleColumn(values, at, count, lo, width)
      },
      ...law,
    }
  }
  const gammaA = gammaSampler(a)
  const gammaB = gammaSampler(b)
  return {
    sample: (random) => {
      const x = gammaA(random)
      const y = gammaB(random)
      return lo + (width * x) / (x + y)
    },
    ...law,
  }
}

const pert = (lo: number, mode: number, hi: number): Distribution => {
  check(
    lo < hi && lo <= mode && mode <= hi,
    `pert needs lo <= mode <= hi and lo < hi, got ${lo}, ${mode}, ${hi}`,
  )
  return scaledBeta(1 + (4 * (mode - lo)) / (hi - lo), 1 + (4 * (hi - mode)) / (hi - lo), lo, hi)
}

const normal = (mean: number, sd: number, truncate?: readonly [number, number]): Distribution => {
  check(sd > 0, `normal needs sd > 0, got ${sd}`)
  if (truncate === undefined) {
    const draw = (u: number) => mean + sd * normalQuantileFast(u)
    return {
      sample: (random) => draw(random()),
      fromUniforms: (values, at, count) => {
        for (let i = at, end = at + count; i < end; i++) values[i] = draw(values[i]!)
      },
      mean,
      variance: sd * sd,
      cdf: (x) => normalCdf((x - mean) / sd),
      quantile: (p) => mean + sd * normalQuantile(p),
      discrete: false,
    }
  }
  const [lo, hi] = truncate
  check(lo < hi, `truncate needs lo < hi, got ${lo}, ${hi}`)
  // Work in standard units on the side of the mean where the interval's CDF values are small, so the
  // upper tail keeps the precision of the lower one: Z is drawn on [a, b] and X = mean + sd * (flip ? -Z : Z).
  const flip = (lo - mean) / sd > 0
  const a = flip ? -(hi - mean) / sd : (lo - mean) / sd
  const b = flip ? -(lo - mean) / sd : (hi - mean) / sd
  const cdfA = normalCdf(a)
  const cdfB = normalCdf(b)
  const mass = cdfB - cdfA
  check(mass > MIN_TRUNCATED_MASS, `truncate [${lo}, ${hi}] keeps almost none of normal(${mean}, ${sd})`)
  const standard = (p: number) => Math.min(b, Math.max(a, normalQuantile(cdfA + p * mass)))
  const toX = (z: number) => mean + sd * (flip ? -z : z)
  const shift = (normalDensity(a) - normalDensity(b)) / mass
  const spread = 1 + (a * normalDensity(a) - b * normalDensity(b)) / mass - shift * shift
  const draw = (u: number) => toX(Math.min(b, Math.max(a, normalQuantileFast(cdfA + u * mass))))
  return {
    sample: (random) => draw(random()),
    fromUniforms: (values, at, count) => {
      for (let i = at, end = at + count; i < end; i++) values[i] = draw(values[i]!)
    },
    mean: mean + sd * (flip ? -shift : shift),
    variance: sd * sd * spread,
    cdf: (x) => {
      if (x <= lo) return 0
      if (x >= hi) return 1
      const z = (x - mean) / sd
      return flip ? (cdfB - normalCdf(-z)) / mass : (normalCdf(z) - cdfA) / mass
    },
    quantile: (p) => toX(flip ? standard(1 - p) : standard(p)),
    discrete: false,
  }
}

const lognormal = (mu: number, sigma: number): Distribution => {
  check(sigma > 0, `lognormal needs sigma > 0, got ${sigma}`)
  const draw = (u: number) => exponential(mu + sigma * normalQuantileFast(u))
  return {
    sample: (random) => draw(random()),
    fromUniforms: (values, at, count) => {
      for (let i = at, end = at + count; i < end; i++) values[i] = draw(values[i]!)
    },
    mean: exponential(mu + (sigma * sigma) / 2),
    variance: exponentialMinusOne(sigma * sigma) * exponential(2 * mu + sigma * sigma),
    cdf: (x) => (x <= 0 ? 0 : normalCdf((logarithm(x) - mu) / sigma)),
    quantile: (p) => exponential(mu + sigma * normalQuantile(p)),
    discrete: false,
  }
}

const discrete = (table: ReadonlyArray<readonly [number, number]>): Distribution => {
  check(table.length > 0, 'discrete needs at least one value')
  const sorted = [...table].sort((x, y) => x[0] - y[0])
  const total = table.reduce((sum, [, p]) => sum + p, 0)
  check(
    Math.abs(total - 1) <= 1e-9 && table.every(([, p]) => p >= 0),
    'discrete needs probabilities >= 0 that sum to 1',
  )
  // Sampling walks the table in the declared order, so reordering values changes draws but not the law.
  const values = Float64Array.from(table, ([value]) => value)
  const cumulative = new Float64Array(table.length)
  let running = 0
  table.forEach(([, p], i) => {
    running += p / total
    cumulative[i] = running
  })
  const last = values.length - 1
  const mean = table.reduce((sum, [v, p]) => sum + v * p, 0)
  const draw = (u: number) => {
    for (let i = 0; i < last; i++) if (u < cumulative[i]!) return values[i]!
    return values[last]!
  }
  return {
    sample: (random) => draw(random()),
    fromUniforms: (column, at, count) => {
      for (let i = at, end = at + count; i < end; i++) column[i] = draw(column[i]!)
    },
    mean,
    variance: table.reduce((sum, [v, p]) => sum + p * square(v - mean), 0),
    cdf: (x) => sorted.reduce((sum, [v, p]) => (v <= x ? sum + p : sum), 0),
    quantile: (p) => {
      let running = 0
      for (const [v, q] of sorted) {
        running += q
        if (running >= p - 1e-12) return v
      }
      return sorted[sorted.length - 1]![0]
    },
    discrete: true,
  }
}

const fixed = (value: number): Distribution => ({
  sample: () => value,
  mean: value,
  variance: 0,
  cdf: (x) => (x >= value ? 1 : 0),
  quantile: () => value,
  discrete: true,
})

/**
 * Makes a distribution from its scenario-file form; checks its parameters once.
 * @param spec - e.g. `{ pert: [0.2, 0.4, 0.7] }`, `{ normal: [0, 1], truncate: [-1, 1] }`, `{ ci90: [10, 30] }`
 * @returns the sampler and its law
 * @throws RangeError when a parameter is out of its domain (decoded scenarios never are)
 * @example
 * import { blockStream, distribution } from 'statecraft'
 * const d = distribution({ triangular: [0, 1, 2] })
 * d.mean // => 1
 * const x = d.sample(blockStream('seed', 0))
 * x > 0 && x < 2 // => true
 * @since 0.1.0
 */
export const distribution = (spec: RandomDistributionSpec | number): Distribution => {
  if (typeof spec === 'number') return fixed(spec)
  if ('fixed' in spec) return fixed(spec.fixed)
  if ('uniform' in spec) return uniform(spec.uniform[0], spec.uniform[1])
  if ('triangular' in spec) return triangular(...spec.triangular)
  if ('pert' in spec) return pert(...spec.pert)
  if ('normal' in spec) return normal(spec.normal[0], spec.normal[1], spec.truncate)
  if ('lognormal' in spec) return lognormal(spec.lognormal[0], spec.lognormal[1])
  if ('beta' in spec) return scaledBeta(spec.beta[0], spec.beta[1], 0, 1)
  if ('bernoulli' in spec) {
    const p = spec.bernoulli
    check(p >= 0 && p <= 1, `bernoulli needs p in [0, 1], got ${p}`)
    return discrete([
      [1, p],
      [0, 1 - p],
    ])
  }
  if ('discrete' in spec) return discrete(spec.discrete)
  const [lo, hi] = spec.ci90
  if (spec.shape === 'lognormal') {
    check(lo > 0 && lo < hi, `a lognormal ci90 needs 0 < lo < hi, got ${lo}, ${hi}`)
    return lognormal((logarithm(lo) + logarithm(hi)) / 2, (logarithm(hi) - logarithm(lo)) / (2 * Z90))
  }
  check(lo < hi, `ci90 needs lo < hi, got ${lo}, ${hi}`)
  return normal((lo + hi) / 2, (hi - lo) / (2 * Z90))
}
