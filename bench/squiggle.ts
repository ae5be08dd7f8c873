// Case (d): the model of bench/synthetic.yaml in Squiggle (@quri/squiggle-lang). The 20 factors are
// sample sets (so every expression over them is evaluated sample by sample, with the right
// correlations); each option's utility is an expression over them; the logit probability of each option
// is exp(λ·U)/Σ; the result is its mean over the samples, and the mean utility.
import { run } from '@quri/squiggle-lang'

const factors = `
p1 = SampleSet.fromDist(triangular(0, 0.4, 1))
p2 = SampleSet.fromDist(triangular(-1, 0, 1))
p3 = SampleSet.fromDist(triangular(0.2, 0.5, 0.9))
p4 = SampleSet.fromDist(triangular(-0.5, 0.1, 0.6))
p5 = SampleSet.fromDist(triangular(0, 0.8, 1))
p6 = SampleSet.fromDist(triangular(-1, -0.3, 0.5))
p7 = SampleSet.fromDist(triangular(0.1, 0.2, 0.7))
p8 = SampleSet.fromDist(triangular(-0.2, 0.3, 0.4))
p9 = SampleSet.fromDist(triangular(0, 0.5, 2))
p10 = SampleSet.fromDist(triangular(-0.8, 0, 0.3))
p11 = SampleSet.fromDist(normal(0.1, 0.3))
p12 = SampleSet.fromDist(normal(-0.2, 0.5))
p13 = SampleSet.fromDist(normal(0.5, 0.2))
p14 = SampleSet.fromDist(normal(0, 0.4))
p15 = SampleSet.fromDist(normal(0.3, 0.1))
p16 = SampleSet.fromDist(normal(-0.1, 0.25))
p17 = SampleSet.fromDist(normal(0.2, 0.6))
p18 = SampleSet.fromDist(normal(0, 0.15))
p19 = SampleSet.fromDist(normal(-0.4, 0.3))
p20 = SampleSet.fromDist(normal(0.25, 0.35))
`

const utilities = `
u_a1_o1 = 0.35 * (p8 + p19 * 0.8) + 0.2 * (p13 * 1.2 - p2) + 0.75 * (p18 + p5 * 0.3) + 0.5 * (p3 * 0.5 - p8)
u_a1_o2 = 0.35 * (p11 * 1.2 - p4) + 0.2 * (p16 + p7 * 0.3) + 0.75 * (p1 * 0.5 - p10) + 0.5 * (p6 + p13 * 0.8)
u_a1_o3 = 0.35 * (p14 + p9 * 0.3) + 0.2 * (p19 * 0.5 - p12) + 0.75 * (p4 + p15 * 0.8) + 0.5 * (p9 * 1.2 - p18)
u_a2_o1 = 0.75 * (p15 * 1.2 - p10) + 0.5 * (p20 + p13 * 0.3) + 0.4 * (p5 * 0.5 - p16) + 0.8 * (p10 + p19 * 0.8)
u_a2_o2 = 0.75 * (p18 + p15 * 0.3) + 0.5 * (p3 * 0.5 - p18) + 0.4 * (p8 + p1 * 0.8) + 0.8 * (p13 * 1.2 - p4)
u_a2_o3 = 0.75 * (p1 * 0.5 - p20) + 0.5 * (p6 + p3 * 0.8) + 0.4 * (p11 * 1.2 - p6) + 0.8 * (p16 + p9 * 0.3)
u_a3_o1 = 0.4 * (p2 + p1 * 0.3) + 0.8 * (p7 * 0.5 - p4) + 0.3 * (p12 + p7 * 0.8) + 0.65 * (p17 * 1.2 - p10)
u_a3_o2 = 0.4 * (p5 * 0.5 - p6) + 0.8 * (p10 + p9 * 0.8) + 0.3 * (p15 * 1.2 - p12) + 0.65 * (p20 + p15 * 0.3)
u_a3_o3 = 0.4 * (p8 + p11 * 0.8) + 0.8 * (p13 * 1.2 - p14) + 0.3 * (p18 + p17 * 0.3) + 0.65 * (p3 * 0.5 - p20)
u_a4_o1 = 0.3 * (p9 * 0.5 - p12) + 0.65 * (p14 + p15 * 0.8) + 0.9 * (p19 * 1.2 - p18) + 0.6 * (p4 + p1 * 0.3)
u_a4_o2 = 0.3 * (p12 + p17 * 0.8) + 0.65 * (p17 * 1.2 - p20) + 0.9 * (p2 + p3 * 0.3) + 0.6 * (p7 * 0.5 - p6)
u_a4_o3 = 0.3 * (p15 * 1.2 - p2) + 0.65 * (p20 + p5 * 0.3) + 0.9 * (p5 * 0.5 - p8) + 0.6 * (p10 + p11 * 0.8)
u_a5_o1 = 0.9 * (p16 + p3 * 0.8) + 0.6 * (p1 * 1.2 - p6) + 0.35 * (p6 + p9 * 0.3) + 0.2 * (p11 * 0.5 - p12)
u_a5_o2 = 0.9 * (p19 * 1.2 - p8) + 0.6 * (p4 + p11 * 0.3) + 0.35 * (p9 * 0.5 - p14) + 0.2 * (p14 + p17 * 0.8)
u_a5_o3 = 0.9 * (p2 + p13 * 0.3) + 0.6 * (p7 * 0.5 - p16) + 0.35 * (p12 + p19 * 0.8) + 0.2 * (p17 * 1.2 - p2)
`

const ACTORS = ['a1', 'a2', 'a3', 'a4', 'a5']
const OPTIONS = ['o1', 'o2', 'o3']
const LAMBDA = 2

const logit = ACTORS.map((actor) => {
  const exps = OPTIONS.map((o) => `e_${actor}_${o} = exp(${LAMBDA} * u_${actor}_${o})`).join('\n')
  const total = `z_${actor} = ${OPTIONS.map((o) => `e_${actor}_${o}`).join(' + ')}`
  return `${exps}\n${total}`
}).join('\n')

const result = `{
${ACTORS.map(
  (actor) =>
    `  ${actor}: {\n${OPTIONS.map(
      (o) => `    ${o}: { share: mean(e_${actor}_${o} / z_${actor}), utility: mean(u_${actor}_${o}) },`,
    ).join('\n')}\n  },`,
).join('\n')}
}`

/** The whole Squiggle program. */
export const SQUIGGLE_CODE = `${factors}${utilities}${logit}\n${result}\n`

/** What (d) returns: per actor and option, the mean logit probability and the mean utility. */
export type SquiggleResult = Record<string, Record<string, { share: number; utility: number }>>

/** Squiggle's JSON wraps each dict as { vtype: 'Dict', value: {...} }; this unwraps them. */
const plain = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value
  if ('vtype' in value && 'value' in value) return plain(value.value)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/** Evaluates the program with `sampleCount` = `trials` (the seed is fixed, so runs are reproducible). */
export const squiggleRun = async (trials: number, seed = 'bench/squiggle'): Promise<SquiggleResult> => {
  const output = await run(SQUIGGLE_CODE, { environment: { sampleCount: trials, xyPointLength: 1000, seed } })
  if (!output.result.ok) throw new Error(`Squiggle failed: ${output.result.value.toString()}`)
  return plain(output.result.value.result.asJS()) as SquiggleResult
}
