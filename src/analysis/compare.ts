import { attachDisplay } from '../display'
import type { Abortable } from '../engine/aborted'
import { BLOCK_SIZE, createBlockEvaluator } from '../engine/blockEvaluator'
import { compileScenario } from '../engine/compileScenario'
import type { Scenario } from '../model/scenarioSchema'
import { ExactSum } from '../run/internal/exactSum'
import { blockCount } from '../run/simulate'
import { Z95 } from '../run/wilsonInterval'
import { type Metric, resolveMetric } from './metric'

// model

/** Options of {@link compare}. @since 0.1.0 */
export interface CompareOptions extends Abortable {
  /** @defaultValue 10_000 */
  readonly trials?: number
  /** @defaultValue '1' */
  readonly seed?: string | number
}

/** One metric in both variants, and their paired difference. @since 0.1.0 */
export interface Difference {
  readonly a: number
  readonly b: number
  /** Mean over trials of (b − a), trial by trial. */
  readonly difference: number
  /** 95% interval of the difference from the paired (same-draw) trials. */
  readonly ci95: readonly [number, number]
  /** Half-width the interval would have from two independent runs of the same size: what pairing saves. */
  readonly independentHalfWidth: number
  readonly trials: number
}

/** Every shared metric's difference, by metric id (`share:ACTOR.OPTION`, `utility:ACTOR.OPTION`, `outcome:NAME`). @since 0.1.0 */
export interface Comparison {
  readonly differences: Readonly<Record<string, Difference>>
  readonly trials: number
  readonly seed: string
}

// analysis

/**
 * Runs two variants under common random numbers (each input's draws are shared wherever both declare it)
 * and reports each difference — shares, utilities, outcomes — with a paired 95% interval, far tighter than
 * two independent runs would give.
 * @param a - the base variant
 * @param b - the other variant, e.g. from `variant(a, recipe)`
 * @param options - trials and seed
 * @returns the differences of every metric the two share
 * @example
 * import { compare, decodeScenario, variant } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'Go when lucky', factors: { gain: {} },
 *   parameters: { luck: { dist: { normal: [0, 1] } } },
 *   actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * const braver = variant(decoded.right, (d) => { d.actors['me']!.options['go']!.effects!['gain'] = 'luck + 0.5' })
 * if (braver._tag === 'Left') throw new Error('invalid')
 * const diff = compare(decoded.right, braver.right, { trials: 20_000 }).differences['share:me.go']!
 * Math.abs(diff.difference - 0.1915) < 0.01 // => true
 * (diff.ci95[1] - diff.ci95[0]) / 2 < diff.independentHalfWidth // => true
 * @since 0.1.0
 */
export const compare = (a: Scenario, b: Scenario, options: CompareOptions = {}): Comparison => {
  const trials = options.trials ?? 10_000
  const seed = String(options.seed ?? '1')
  const compiledA = compileScenario(a)
  const compiledB = compileScenario(b)
  const names = [
    ...compiledA.actorIds.flatMap((actor, i) =>
      compiledA.optionIds[i]!.flatMap((option) => [`share:${actor}.${option}`, `utility:${actor}.${option}`]),
    ),
    ...compiledA.outcomes.map((o) => `outcome:${o.id}`),
  ]
  const pairs: Array<readonly [string, Metric, Metric]> = []
  for (const name of names) {
    const ma = resolveMetric(compiledA, name)
    const mb = resolveMetric(compiledB, name)
    if (ma.ok && mb.ok) pairs.push([name, ma.metric, mb.metric])
  }
  const sums = pairs.map(() => ({
    n: 0,
    a: new ExactSum(),
    b: new ExactSum(),
    aa: new ExactSum(),
    bb: new ExactSum(),
    d: new ExactSum(),
    dd: new ExactSum(),
  }))
  const evaluatorA = createBlockEvaluator(compiledA, { flipChecks: false, signal: options.signal })
  const evaluatorB = createBlockEvaluator(compiledB, { flipChecks: false, signal: options.signal })
  for (let block = 0; block < blockCount(trials); block++) {
    const count = Math.min(BLOCK_SIZE, trials - block * BLOCK_SIZE)
    const outA = evaluatorA.evaluate(seed, block, count)
    // Read A's values before B's evaluation; each evaluator owns its buffers, so both stay valid.
    const outB = evaluatorB.evaluate(seed, block, count)
    pairs.forEach(([, ma, mb], k) => {
      const s = sums[k]!
      let sa = 0
      let sb = 0
      let saa = 0
      let sbb = 0
      let sd = 0
      let sdd = 0
      for (let t = 0; t < count; t++) {
        const va = ma.read(outA, t)
        const vb = mb.read(outB, t)
        if (Number.isNaN(va) || Number.isNaN(vb)) continue
        const d = vb - va
        sa += va
        sb += vb
        saa += va * va
        sbb += vb * vb
        sd += d
        sdd += d * d
        s.n++
      }
      s.a.add(sa)
      s.b.add(sb)
      s.aa.add(saa)
      s.bb.add(sbb)
      s.d.add(sd)
      s.dd.add(sdd)
    })
  }
  const differences: Record<string, Difference> = {}
  pairs.forEach(([name], k) => {
    const s = sums[k]!
    if (s.n === 0) return
    const variance = (sum: ExactSum, squares: ExactSum) =>
      s.n < 2 ? 0 : Math.max(0, (squares.value() - (sum.value() * sum.value()) / s.n) / (s.n - 1))
    const mean = s.d.value() / s.n
    const half = Z95 * Math.sqrt(variance(s.d, s.dd) / s.n)
    differences[name] = {
      a: s.a.value() / s.n,
      b: s.b.value() / s.n,
      difference: mean,
      ci95: [mean - half, mean + half],
      independentHalfWidth: Z95 * Math.sqrt((variance(s.a, s.aa) + variance(s.b, s.bb)) / s.n),
      trials: s.n,
    }
  })
  const result = { differences, trials, seed }
  return attachDisplay(result, () => import('../report/notebook').then((m) => m.compareBundle(result)))
}
