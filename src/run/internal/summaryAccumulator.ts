import { attachDisplay } from '../../display'
import { type BlockOutput, SOLUTION_METHODS } from '../../engine/blockEvaluator'
import { type CompiledScenario, termValue, weightSource } from '../../engine/compileScenario'
import type {
  ActorSummary,
  Distributional,
  Driver,
  Manifest,
  NonFiniteReport,
  OutcomeSummary,
  StageSummary,
  Summary,
} from '../summary'
import { wilsonInterval } from '../wilsonInterval'
import { CountTable } from './countTable'
import { ExactSum } from './exactSum'
import { QuantileSketch, type SketchData } from './quantileSketch'

/** Twelve significant digits: far below Monte Carlo error, and steady across runtimes. */
const tidy = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) + 0 : x)

/** A key for a joint choice that does not depend on declaration order: `actor=option` pairs sorted. */
const profileKey = (choices: Readonly<Record<string, string | null>>): string =>
  Object.entries(choices)
    .map(([actor, option]) => `${actor}=${option ?? ''}`)
    .sort()
    .join('|')

type Partials = ReadonlyArray<number | string>

/** Moments as plain data. @internal */
export interface MomentsData {
  readonly n: number
  readonly sum: Partials
  readonly squares: Partials
  readonly scaledSum: Partials
  readonly scaledSquares: Partials
  /** Values left out: NaN, +Infinity, -Infinity. */
  readonly nonFinite: ReadonlyArray<number>
  readonly sketch?: SketchData
}

/** Everything a partial summary holds, as plain JSON data: merging it is exact. @internal */
export interface AccumulatorData {
  readonly trials: number
  readonly decided: ReadonlyArray<number>
  readonly shares: ReadonlyArray<Partials>
  readonly utilities: ReadonlyArray<MomentsData>
  /** Pairs (profile code, count), flattened. */
  readonly profiles: ReadonlyArray<number>
  readonly outcomes: ReadonlyArray<MomentsData>
  readonly parameters: ReadonlyArray<MomentsData>
  readonly inputs: ReadonlyArray<MomentsData>
  readonly probabilitySquares: ReadonlyArray<Partials>
  readonly crossSums: ReadonlyArray<Partials>
  readonly equilibriumCounts: ReadonlyArray<number>
  readonly methodCounts: ReadonlyArray<number>
  readonly stageProfiles: ReadonlyArray<ReadonlyArray<number>>
  readonly flipCounts: ReadonlyArray<number>
  readonly feasible: ReadonlyArray<number>
  readonly firstNonFinite: ReadonlyArray<number>
  readonly causes: ReadonlyArray<ReadonlyArray<string>>
}

const flattenCounts = (counts: CountTable): number[] => counts.entries().flat()

const addCounts = (into: CountTable, pairs: ReadonlyArray<number>): void => {
  for (let i = 0; i < pairs.length; i += 2) into.add(pairs[i]!, pairs[i + 1]!)
}

const addInto = (into: Float64Array, from: ReadonlyArray<number>): void => {
  if (from.length !== into.length) throw new Error('partial summary does not fit this scenario')
  from.forEach((x, i) => {
    into[i]! += x
  })
}

/** Values of a block whose double sums overflow are summed again scaled by this (2^-600). */
const SCALE = 2 ** -600

/** A column's values in trials where they count (all, or where `mask` is 1). */
interface Column {
  readonly values: Float64Array
  readonly at: number
  readonly count: number
  readonly mask?: Uint8Array
}

class Moments {
  n = 0
  readonly sum = new ExactSum()
  readonly squares = new ExactSum()
  /** Sums of blocks whose double sums overflowed, every value scaled by SCALE first. */
  readonly scaledSum = new ExactSum()
  readonly scaledSquares = new ExactSum()
  /** Values left out for not being finite: NaN, +Infinity, -Infinity. */
  readonly nonFinite = new Float64Array(3)
  readonly sketch: QuantileSketch | undefined

  constructor(withQuantiles: boolean) {
    this.sketch = withQuantiles ? new QuantileSketch() : undefined
  }

  /**
   * Adds the finite values of a column; counts the others apart. Returns the first trial whose value
   * counted but was not finite, or -1.
   */
  addColumn(column: Column): number {
    const { values, at, count, mask } = column
    // The common case first: every value finite, so the plain sums are finite too, and they are the sums
    // the careful loop below would give, in the same order. A value that is not finite makes them NaN or
    // infinite; so does a sum that overflows. Either way the careful loop decides.
    let s = 0
    let q = 0
    let n = 0
    const end = at + count
    if (mask === undefined) {
      for (let i = at; i < end; i++) {
        const v = values[i]!
        s += v
        q += v * v
      }
      n = count
    } else
      for (let i = at; i < end; i++) {
        if (mask[i] === 0) continue
        const v = values[i]!
        s += v
        q += v * v
        n++
      }
    if (s - s === 0 && q - q === 0) {
      this.n += n
      this.sum.add(s)
      this.squares.add(q)
      this.sketch?.addColumn(values, at, count, mask)
      return -1
    }
    return this.addColumnCarefully(column)
  }

  /** `addColumn` for a column with a value that is not finite, or whose sums overflow a double. */
  private addColumnCarefully({ values, at, count, mask }: Column): number {
    let s = 0
    let q = 0
    let n = 0
    let first = -1
    for (let t = 0; t < count; t++) {
      if (mask !== undefined && mask[at + t] === 0) continue
      const v = values[at + t]!
      if (v - v !== 0) {
        // NaN or an infinity (∞ − ∞ is NaN).
        this.nonFinite[Number.isNaN(v) ? 0 : v > 0 ? 1 : 2]!++
        if (first < 0) first = t
        continue
      }
      s += v
      q += v * v
      n++
    }
    this.n += n
    if (Number.isFinite(s) && Number.isFinite(q)) {
      this.sum.add(s)
      this.squares.add(q)
    } else {
      // Finite values whose sum or sum of squares overflows a double: scaled down, they fit.
      let scaled = 0
      let scaledSquares = 0
      for (let t = 0; t < count; t++) {
        if (mask !== undefined && mask[at + t] === 0) continue
        const v = values[at + t]! * SCALE
        if (v - v !== 0) continue
        scaled += v
        scaledSquares += v * v
      }
      this.scaledSum.add(scaled)
      this.scaledSquares.add(scaledSquares)
    }
    this.sketch?.addColumn(values, at, count, mask)
    return first
  }

  merge(other: Moments): void {
    this.n += other.n
    this.sum.addAll(other.sum)
    this.squares.addAll(other.squares)
    this.scaledSum.addAll(other.scaledSum)
    this.scaledSquares.addAll(other.scaledSquares)
    for (let k = 0; k < 3; k++) this.nonFinite[k]! += other.nonFinite[k]!
    if (other.sketch !== undefined) this.sketch?.merge(other.sketch)
  }

  /** Whether some block's sums overflowed and were kept scaled. */
  private scaled(): boolean {
    return this.scaledSum.value() !== 0 || this.scaledSquares.value() !== 0
  }

  mean(): number {
    if (this.n === 0) return Number.NaN
    if (!this.scaled()) return this.sum.value() / this.n
    return (this.sum.value() * SCALE + this.scaledSum.value()) / this.n / SCALE
  }

  toJSON(): MomentsData {
    return {
      n: this.n,
      sum: this.sum.toJSON(),
      squares: this.squares.toJSON(),
      scaledSum: this.scaledSum.toJSON(),
      scaledSquares: this.scaledSquares.toJSON(),
      nonFinite: [...this.nonFinite],
      ...(this.sketch === undefined ? {} : { sketch: this.sketch.toJSON() }),
    }
  }

  mergeData(data: MomentsData): void {
    this.n += data.n
    this.sum.addAll(ExactSum.fromJSON(data.sum))
    this.squares.addAll(ExactSum.fromJSON(data.squares))
    this.scaledSum.addAll(ExactSum.fromJSON(data.scaledSum))
    this.scaledSquares.addAll(ExactSum.fromJSON(data.scaledSquares))
    addInto(this.nonFinite, data.nonFinite)
    if (data.sketch !== undefined) this.sketch?.merge(QuantileSketch.fromJSON(data.sketch))
  }

  sd(): number {
    if (this.n < 2) return 0
    if (!this.scaled()) {
      const s = this.sum.value()
      return Math.sqrt(Math.max(0, (this.squares.value() - (s * s) / this.n) / (this.n - 1)))
    }
    const s = this.sum.value() * SCALE + this.scaledSum.value()
    const q = this.squares.value() * SCALE * SCALE + this.scaledSquares.value()
    return Math.sqrt(Math.max(0, (q - (s * s) / this.n) / (this.n - 1))) / SCALE
  }

  distributional(): Distributional | null {
    if (this.n === 0 || this.sketch === undefined) return null
    return {
      mean: tidy(this.mean()),
      sd: tidy(this.sd()),
      p05: tidy(this.sketch.quantile(0.05)),
      p50: tidy(this.sketch.quantile(0.5)),
      p95: tidy(this.sketch.quantile(0.95)),
    }
  }
}

/** A summary that shows itself in a notebook: its report's tables and charts. @internal */
export const withSummaryDisplay = (summary: Summary): Summary =>
  attachDisplay(summary, () => import('../../report/notebook').then((m) => m.summaryBundle(summary)))

/** Settings fixed for a whole run. @internal */
export interface RunIdentity {
  readonly manifest: Manifest
  readonly drivers: boolean
}

/**
 * Accumulates block outputs into mergeable statistics. Integer counts and exact sums make the merge
 * independent of block order and grouping. @internal
 */
export class SummaryAccumulator {
  private trials = 0
  private readonly decided: Float64Array
  private readonly shares: ExactSum[]
  private readonly utilities: Moments[]
  private readonly profiles: CountTable
  /** Every actor's index, in declared order: the actors of a global profile code. */
  private readonly allActors: Int32Array
  private readonly outcomeMoments: Moments[]
  private readonly parameterMoments: Moments[]
  private readonly driverInputs: Int32Array
  private readonly inputMoments: Moments[]
  private readonly probabilitySquares: ExactSum[]
  private readonly crossSums: ExactSum[]
  /** Per stage: counts of draws with 0, 1, several pure equilibria, and of draws not counted that way. */
  private readonly equilibriumCounts: Float64Array
  private readonly methodCounts: Float64Array
  /** A block's tallies of one stage, before they are added to the counts above. */
  private readonly blockEquilibria = new Int32Array(4)
  private readonly blockMethods = new Int32Array(SOLUTION_METHODS.length)
  private readonly stageProfiles: CountTable[]
  private readonly flipCounts: Float64Array
  /** Per option, trials in which it was feasible. */
  private readonly feasibleCounts: Float64Array
  /**
   * Per element with statistics (options' utilities, then parameters, then outcomes): the first trial with a
   * value that is not finite (-1: none yet), and the effects found to produce it.
   */
  private readonly firstNonFinite: Float64Array
  private readonly causes: Array<Set<string>>

  constructor(
    private readonly compiled: CompiledScenario,
    private readonly identity: RunIdentity,
  ) {
    const options = compiled.optionCount
    this.decided = new Float64Array(compiled.actorIds.length)
    this.shares = Array.from({ length: options }, () => new ExactSum())
    this.utilities = Array.from({ length: options }, () => new Moments(true))
    this.outcomeMoments = compiled.outcomes.map((o) => new Moments(!o.boolean))
    this.parameterMoments = compiled.parameterIds.map(() => new Moments(false))
    const driverInputs: number[] = []
    if (identity.drivers)
      compiled.inputs.forEach((input, c) => {
        if (!input.id.startsWith('choice:') && !input.id.startsWith('select:')) driverInputs.push(c)
      })
    this.driverInputs = Int32Array.from(driverInputs)
    this.inputMoments = driverInputs.map(() => new Moments(false))
    this.probabilitySquares = identity.drivers ? Array.from({ length: options }, () => new ExactSum()) : []
    this.crossSums = Array.from(
      { length: driverInputs.length * (identity.drivers ? options : 0) },
      () => new ExactSum(),
    )
    const stages = compiled.stages.length
    this.equilibriumCounts = new Float64Array(stages * 4)
    this.methodCounts = new Float64Array(stages * SOLUTION_METHODS.length)
    this.stageProfiles = compiled.stages.map((stage) => new CountTable(stage.joint))
    this.allActors = Int32Array.from(compiled.actorIds, (_, a) => a)
    this.profiles = new CountTable(compiled.optionIds.reduce((space, ids) => space * (ids.length + 1), 1))
    this.flipCounts = new Float64Array(stages * 2)
    this.feasibleCounts = new Float64Array(options)
    const elements = options + compiled.parameterIds.length + compiled.outcomes.length
    this.firstNonFinite = new Float64Array(elements).fill(-1)
    this.causes = Array.from({ length: elements }, () => new Set<string>())
  }

  addBlock(output: BlockOutput): void {
    const { count, blockSize } = output
    const compiled = this.compiled
    this.trials += count
    const actorCount = compiled.actorIds.length
    for (let a = 0; a < actorCount; a++) {
      let decided = 0
      for (let t = 0; t < count; t++) if (output.choices[a * blockSize + t]! >= 0) decided++
      this.decided[a]! += decided
    }
    // A column's first non-finite trial t (or -1), by its index in the run (-1 for the caller's inputs).
    const trialOf = (t: number): number => (output.block < 0 ? -1 : output.block * blockSize + t)
    for (let j = 0; j < compiled.optionCount; j++) {
      let share = 0
      let feasible = 0
      for (let t = 0; t < count; t++) {
        share += output.probabilities[j * blockSize + t]!
        feasible += output.feasible[j * blockSize + t]!
      }
      this.shares[j]!.add(share)
      this.feasibleCounts[j]! += feasible
      const column = { values: output.utilities, at: j * blockSize, count, mask: output.feasible }
      const t = this.utilities[j]!.addColumn(column)
      if (t >= 0) this.noteNonFinite(j, trialOf(t), nonFiniteEffects(compiled, output, j, t))
    }
    for (let t = 0; t < count; t++) {
      // The same code as a stage's joint choice: per actor its option, the last digit for "no option".
      let code = 0
      for (let a = 0; a < actorCount; a++) {
        const options = compiled.optionIds[a]!.length
        const choice = output.choices[a * blockSize + t]!
        code = code * (options + 1) + (choice < 0 ? options : choice)
      }
      this.profiles.add(code)
    }
    const parameterCount = compiled.parameterIds.length
    this.outcomeMoments.forEach((m, k) => {
      const t = m.addColumn({ values: output.outcomes, at: k * blockSize, count })
      if (t >= 0) this.noteNonFinite(compiled.optionCount + parameterCount + k, trialOf(t), [])
    })
    const equilibria = this.blockEquilibria
    const methods = this.blockMethods
    compiled.stages.forEach((_, d) => {
      const profiles = this.stageProfiles[d]!
      // Tallied in integers for the block, then added: a run of trials alike adds to one counter, and
      // adding through memory, trial after trial, made each add wait for the one before.
      equilibria.fill(0)
      methods.fill(0)
      let flips = 0
      let flipped = 0
      for (let i = d * blockSize, end = i + count; i < end; i++) {
        const found = output.stageEquilibria[i]!
        equilibria[found < 0 ? 3 : Math.min(found, 2)]!++
        methods[output.stageMethods[i]!]!++
        profiles.add(output.stageProfiles[i]!)
        const flip = output.stageFlips[i]!
        if (flip >= 0) {
          flips++
          flipped += flip
        }
      }
      for (let k = 0; k < 4; k++) this.equilibriumCounts[d * 4 + k]! += equilibria[k]!
      for (let k = 0; k < methods.length; k++) this.methodCounts[d * methods.length + k]! += methods[k]!
      this.flipCounts[d * 2]! += flips
      this.flipCounts[d * 2 + 1]! += flipped
    })
    this.parameterMoments.forEach((m, i) => {
      const t = m.addColumn({ values: output.parameters, at: i * blockSize, count })
      if (t >= 0) this.noteNonFinite(compiled.optionCount + i, trialOf(t), [])
    })
    if (this.identity.drivers) this.addDriverSums(output)
  }

  private addDriverSums(output: BlockOutput): void {
    const { count, blockSize, columns, probabilities } = output
    const options = this.compiled.optionCount
    // Σ y² for each option's probabilities, and Σ x y for each input x and option y.
    addProducts(
      probabilities,
      0,
      blockSize,
      probabilities,
      blockSize,
      count,
      options,
      this.probabilitySquares,
      0,
    )
    this.driverInputs.forEach((c, i) => {
      this.inputMoments[i]!.addColumn({ values: columns, at: c * blockSize, count })
      addProducts(
        columns,
        c * blockSize,
        0,
        probabilities,
        blockSize,
        count,
        options,
        this.crossSums,
        i * options,
      )
    })
  }

  merge(other: SummaryAccumulator): void {
    this.trials += other.trials
    other.decided.forEach((d, a) => {
      this.decided[a]! += d
    })
    other.shares.forEach((s, j) => {
      this.shares[j]!.addAll(s)
    })
    other.utilities.forEach((m, j) => {
      this.utilities[j]!.merge(m)
    })
    for (const [code, n] of other.profiles.entries()) this.profiles.add(code, n)
    other.outcomeMoments.forEach((m, k) => {
      this.outcomeMoments[k]!.merge(m)
    })
    other.parameterMoments.forEach((m, i) => {
      this.parameterMoments[i]!.merge(m)
    })
    other.inputMoments.forEach((m, i) => {
      this.inputMoments[i]!.merge(m)
    })
    other.probabilitySquares.forEach((s, j) => {
      this.probabilitySquares[j]!.addAll(s)
    })
    other.crossSums.forEach((s, k) => {
      this.crossSums[k]!.addAll(s)
    })
    other.equilibriumCounts.forEach((n, i) => {
      this.equilibriumCounts[i]! += n
    })
    other.methodCounts.forEach((n, i) => {
      this.methodCounts[i]! += n
    })
    other.stageProfiles.forEach((profiles, d) => {
      const mine = this.stageProfiles[d]!
      for (const [code, n] of profiles.entries()) mine.add(code, n)
    })
    other.flipCounts.forEach((n, i) => {
      this.flipCounts[i]! += n
    })
    other.feasibleCounts.forEach((n, j) => {
      this.feasibleCounts[j]! += n
    })
    this.mergeNonFinite(
      [...other.firstNonFinite],
      other.causes.map((set) => [...set]),
    )
  }

  /** Keeps the earliest first trial of each element and every cause. */
  private mergeNonFinite(firsts: ReadonlyArray<number>, causes: ReadonlyArray<ReadonlyArray<string>>): void {
    if (firsts.length !== this.firstNonFinite.length || causes.length !== this.causes.length)
      throw new Error('partial summary does not fit this scenario')
    firsts.forEach((trial, e) => {
      this.noteNonFinite(e, trial, causes[e]!)
    })
  }

  /** An element's non-finite value at `trial` (-1: unknown): keeps the earliest trial, and every cause. */
  private noteNonFinite(element: number, trial: number, causes: Iterable<string>): void {
    const known = this.firstNonFinite[element]!
    if (trial >= 0 && (known < 0 || trial < known)) this.firstNonFinite[element] = trial
    for (const cause of causes) this.causes[element]!.add(cause)
  }

  /** The accumulated statistics as plain JSON data (see {@link AccumulatorData}). */
  toJSON(): AccumulatorData {
    return {
      trials: this.trials,
      decided: [...this.decided],
      shares: this.shares.map((sum) => sum.toJSON()),
      utilities: this.utilities.map((m) => m.toJSON()),
      profiles: flattenCounts(this.profiles),
      outcomes: this.outcomeMoments.map((m) => m.toJSON()),
      parameters: this.parameterMoments.map((m) => m.toJSON()),
      inputs: this.inputMoments.map((m) => m.toJSON()),
      probabilitySquares: this.probabilitySquares.map((sum) => sum.toJSON()),
      crossSums: this.crossSums.map((sum) => sum.toJSON()),
      equilibriumCounts: [...this.equilibriumCounts],
      methodCounts: [...this.methodCounts],
      stageProfiles: this.stageProfiles.map(flattenCounts),
      flipCounts: [...this.flipCounts],
      feasible: [...this.feasibleCounts],
      firstNonFinite: [...this.firstNonFinite],
      causes: this.causes.map((set) => [...set].sort()),
    }
  }

  /** Adds statistics written by {@link toJSON} (of the same scenario and run settings); exact. */
  mergeData(data: AccumulatorData): void {
    const sameShape =
      data.shares.length === this.shares.length &&
      data.inputs.length === this.inputMoments.length &&
      data.crossSums.length === this.crossSums.length &&
      data.stageProfiles.length === this.stageProfiles.length
    if (!sameShape) throw new Error('partial summary does not fit this scenario or its drivers setting')
    this.trials += data.trials
    addInto(this.decided, data.decided)
    data.shares.forEach((partials, j) => {
      this.shares[j]!.addAll(ExactSum.fromJSON(partials))
    })
    data.utilities.forEach((m, j) => {
      this.utilities[j]!.mergeData(m)
    })
    addCounts(this.profiles, data.profiles)
    data.outcomes.forEach((m, k) => {
      this.outcomeMoments[k]!.mergeData(m)
    })
    data.parameters.forEach((m, i) => {
      this.parameterMoments[i]!.mergeData(m)
    })
    data.inputs.forEach((m, i) => {
      this.inputMoments[i]!.mergeData(m)
    })
    data.probabilitySquares.forEach((partials, j) => {
      this.probabilitySquares[j]!.addAll(ExactSum.fromJSON(partials))
    })
    data.crossSums.forEach((partials, k) => {
      this.crossSums[k]!.addAll(ExactSum.fromJSON(partials))
    })
    addInto(this.equilibriumCounts, data.equilibriumCounts)
    addInto(this.methodCounts, data.methodCounts)
    data.stageProfiles.forEach((pairs, d) => {
      addCounts(this.stageProfiles[d]!, pairs)
    })
    addInto(this.flipCounts, data.flipCounts)
    addInto(this.feasibleCounts, data.feasible)
    this.mergeNonFinite(data.firstNonFinite, data.causes)
  }

  finish(profileLimit = 10): Summary {
    const compiled = this.compiled
    const n = this.trials
    const actors: Record<string, ActorSummary> = {}
    compiled.actorIds.forEach((actorId, a) => {
      const decided = this.decided[a]!
      const options: Record<string, ActorSummary['options'][string]> = {}
      compiled.optionIds[a]!.forEach((optionId, o) => {
        const j = compiled.optionOffset[a]! + o
        const share = decided === 0 ? 0 : this.shares[j]!.value() / decided
        const [lo, hi] = wilsonInterval(share, decided)
        const utility = this.utilities[j]!
        options[optionId] = {
          label: compiled.optionLabels[a]![o]!,
          share: tidy(share),
          ci95: [tidy(lo), tidy(hi)],
          feasible: tidy(n === 0 ? 0 : this.feasibleCounts[j]! / n),
          utility: utility.distributional(),
        }
      })
      const rule = compiled.lambda[a]! > 0 ? { logit: compiled.lambda[a]! } : ('argmax' as const)
      actors[actorId] = {
        label: compiled.actorLabels[a]!,
        rule,
        decided,
        noFeasibleOption: n - decided,
        options,
      }
    })

    const ranked = this.profiles
      .entries()
      .map(([code, count]) => [code, count, profileKey(this.decodeJoint(this.allActors, code))] as const)
      .sort((x, y) => y[1] - x[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0))
    const profiles = ranked
      .slice(0, profileLimit)
      .map(([code, count]) => ({ choices: this.decodeJoint(this.allActors, code), share: tidy(count / n) }))
    const listed = ranked.slice(0, profileLimit).reduce((sum, [, count]) => sum + count, 0)

    const outcomes: Record<string, OutcomeSummary> = {}
    compiled.outcomes.forEach((outcome, k) => {
      const m = this.outcomeMoments[k]!
      if (outcome.boolean) {
        const share = m.n === 0 ? 0 : m.mean()
        const [lo, hi] = wilsonInterval(share, m.n)
        outcomes[outcome.id] = { kind: 'share', share: tidy(share), ci95: [tidy(lo), tidy(hi)] }
      } else {
        const d = m.distributional()
        outcomes[outcome.id] =
          d === null
            ? { kind: 'value', mean: null, sd: null, p05: null, p50: null, p95: null }
            : { kind: 'value', ...d }
      }
    })

    const parameters: Record<string, { mean: number | null; sd: number | null }> = {}
    compiled.parameterIds.forEach((id, i) => {
      const m = this.parameterMoments[i]!
      // No finite value at all: nothing to say (the nonFinite list says why).
      parameters[id] = m.n === 0 ? { mean: null, sd: null } : { mean: tidy(m.mean()), sd: tidy(m.sd()) }
    })

    const summary: Summary = {
      manifest: { ...this.identity.manifest, trials: n },
      actors,
      profiles,
      otherProfiles: tidy(n === 0 ? 0 : (n - listed) / n),
      outcomes,
      parameters,
      stages: this.finishStages(profileLimit),
      nonFinite: this.finishNonFinite(),
    }
    const result = this.identity.drivers ? { ...summary, drivers: this.finishDrivers() } : summary
    return withSummaryDisplay(result)
  }

  /** Every element that had values that are not finite, in the order options, parameters, outcomes. */
  private finishNonFinite(): NonFiniteReport[] {
    const { actorIds, optionIds, optionActor, optionOffset, optionCount, parameterIds, outcomes } =
      this.compiled
    const moments = [...this.utilities, ...this.parameterMoments, ...this.outcomeMoments]
    const element = (e: number): string => {
      if (e < optionCount) {
        const a = optionActor[e]!
        return `actors.${actorIds[a]}.options.${optionIds[a]![e - optionOffset[a]!]}`
      }
      if (e < optionCount + parameterIds.length) return `parameters.${parameterIds[e - optionCount]}`
      return `outcomes.${outcomes[e - optionCount - parameterIds.length]!.id}`
    }
    const reports: NonFiniteReport[] = []
    moments.forEach((m, e) => {
      const [nan, positive, negative] = m.nonFinite
      if (nan! + positive! + negative! === 0) return
      const firstTrial = this.firstNonFinite[e]!
      reports.push({
        element: element(e),
        nan: nan!,
        positiveInfinity: positive!,
        negativeInfinity: negative!,
        firstTrial,
        firstBlock: firstTrial < 0 ? -1 : Math.floor(firstTrial / this.identity.manifest.blockSize),
        causes: [...this.causes[e]!].sort(),
      })
    })
    return reports
  }

  private finishStages(profileLimit: number): StageSummary[] {
    const compiled = this.compiled
    const n = this.trials
    return compiled.stages.map((stage, d) => {
      const counted =
        this.equilibriumCounts[d * 4]! +
        this.equilibriumCounts[d * 4 + 1]! +
        this.equilibriumCounts[d * 4 + 2]!
      const share = (k: number) => tidy(counted === 0 ? 0 : this.equilibriumCounts[d * 4 + k]! / counted)
      const solvedBy: Record<string, number> = {}
      SOLUTION_METHODS.forEach((method, k) => {
        const count = this.methodCounts[d * SOLUTION_METHODS.length + k]!
        if (count > 0) solvedBy[method] = tidy(count / n)
      })
      const movers = [...stage.movers]
      const profiles = this.stageProfiles[d]!.entries()
        .map(
          ([code, count]) =>
            [code, count, profileKey(this.decodeJoint(this.compiled.stages[d]!.movers, code))] as const,
        )
        .sort((x, y) => y[1] - x[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0))
        .slice(0, profileLimit)
        .map(([code, count]) => {
          return { choices: this.decodeJoint(this.compiled.stages[d]!.movers, code), share: tidy(count / n) }
        })
      const checks = this.flipCounts[d * 2]!
      return {
        label: stage.label,
        actors: movers.map((a) => compiled.actorIds[a]!),
        selection: stage.selection,
        pureEquilibria: { none: share(0), one: share(1), several: share(2) },
        solvedBy,
        profiles,
        flipRate: tidy(checks === 0 ? 0 : this.flipCounts[d * 2 + 1]! / checks),
        flipChecks: checks,
      }
    })
  }

  /**
   * Each actor's option id (or null for "no option") in a joint code over `actors`: per actor its option
   * index, the last digit standing for "no option", the first actor most significant.
   */
  private decodeJoint(actors: ArrayLike<number>, code: number): Record<string, string | null> {
    const { actorIds, optionIds } = this.compiled
    const digits: number[] = []
    let rest = code
    for (let k = actors.length - 1; k >= 0; k--) {
      const radix = optionIds[actors[k]!]!.length + 1
      digits[k] = rest % radix
      rest = (rest - digits[k]!) / radix
    }
    const choices: Record<string, string | null> = {}
    for (let k = 0; k < actors.length; k++)
      choices[actorIds[actors[k]!]!] = optionIds[actors[k]!]![digits[k]!] ?? null
    return choices
  }

  private finishDrivers(): Record<string, ReadonlyArray<Driver>> {
    const compiled = this.compiled
    const n = this.trials
    const options = compiled.optionCount
    const drivers: Record<string, Driver[]> = {}
    compiled.actorIds.forEach((actorId, a) => {
      const list: Driver[] = []
      this.driverInputs.forEach((c, i) => {
        const x = this.inputMoments[i]!
        const sx = x.sum.value()
        const varianceX = x.squares.value() - (sx * sx) / n
        const correlation: Record<string, number> = {}
        let strength = 0
        compiled.optionIds[a]!.forEach((optionId, o) => {
          const j = compiled.optionOffset[a]! + o
          const sy = this.shares[j]!.value()
          const varianceY = this.probabilitySquares[j]!.value() - (sy * sy) / n
          const covariance = this.crossSums[i * options + j]!.value() - (sx * sy) / n
          const r = varianceX > 0 && varianceY > 1e-12 * n ? covariance / Math.sqrt(varianceX * varianceY) : 0
          const clamped = Math.max(-1, Math.min(1, r))
          correlation[optionId] = tidy(clamped)
          strength = Math.max(strength, Math.abs(clamped))
        })
        const input = compiled.inputs[c]!
        list.push({ input: input.id, label: input.label, correlation, strength: tidy(strength) })
      })
      list.sort((x, y) => y.strength - x.strength || (x.input < y.input ? -1 : 1))
      drivers[actorId] = list.filter((d) => d.strength >= 0.01).slice(0, 10)
    })
    return drivers
  }
}

/**
 * For k = 0 … n - 1, adds Σ_t x_k[t] y_k[t] (t < count) to `sums[sumAt + k]`, where y_k starts at k × stride
 * in `ys` and x_k at xAt + k × xStep in `xs` (xStep 0: one x for every k). Each product sum runs over t in
 * order, as a loop per k would, so the bits are the same; but four sums are in flight at once, so an
 * addition does not wait for the one before it (the loop was bound by the adder's latency).
 */
const addProducts = (
  xs: Float64Array,
  xAt: number,
  xStep: number,
  ys: Float64Array,
  stride: number,
  count: number,
  n: number,
  sums: ReadonlyArray<ExactSum>,
  sumAt: number,
): void => {
  let k = 0
  for (; k + 4 <= n; k += 4) {
    const x0 = xAt + k * xStep
    const x1 = x0 + xStep
    const x2 = x1 + xStep
    const x3 = x2 + xStep
    const y0 = k * stride
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let t = 0; t < count; t++) {
      s0 += xs[x0 + t]! * ys[y0 + t]!
      s1 += xs[x1 + t]! * ys[y0 + stride + t]!
      s2 += xs[x2 + t]! * ys[y0 + 2 * stride + t]!
      s3 += xs[x3 + t]! * ys[y0 + 3 * stride + t]!
    }
    sums[sumAt + k]!.add(s0)
    sums[sumAt + k + 1]!.add(s1)
    sums[sumAt + k + 2]!.add(s2)
    sums[sumAt + k + 3]!.add(s3)
  }
  for (; k < n; k++) {
    const x0 = xAt + k * xStep
    const y0 = k * stride
    let sum = 0
    for (let t = 0; t < count; t++) sum += xs[x0 + t]! * ys[y0 + t]!
    sums[sumAt + k]!.add(sum)
  }
}

/**
 * The effects of option j that are not finite (weight times value) in trial t of a block, evaluated with
 * the trial's parameters and its realised choices: where a non-finite utility came from. An effect that is
 * not finite only off the realised path is not found (the utility is then reported without a cause).
 */
const nonFiniteEffects = (
  compiled: CompiledScenario,
  output: BlockOutput,
  j: number,
  t: number,
): string[] => {
  const { blockSize, parameters, choices, columns } = output
  const {
    staticTerms,
    dynamicTerms,
    dynamicStart,
    factorIds,
    actorIds,
    optionIds,
    optionActor,
    optionOffset,
  } = compiled
  const trialParameters = Float64Array.from(compiled.parameterIds, (_, i) => parameters[i * blockSize + t]!)
  const trialChoices = Int32Array.from(actorIds, (_, a) => choices[a * blockSize + t]!)
  const weight = (slot: number): number => {
    const { column, constant } = weightSource(compiled, slot)
    return column < 0 ? constant : columns[column * blockSize + t]!
  }
  const a = optionActor[j]!
  const path = (slot: number) =>
    `actors.${actorIds[a]}.options.${optionIds[a]![j - optionOffset[a]!]}.effects.${factorIds[slot % factorIds.length]}`
  const found: string[] = []
  for (let k = 0; k < staticTerms.option.length; k++) {
    if (staticTerms.option[k] !== j) continue
    const value = termValue(staticTerms, k, columns, blockSize, t, trialParameters, trialChoices)
    if (!Number.isFinite(weight(staticTerms.weightSlot[k]!) * value))
      found.push(path(staticTerms.weightSlot[k]!))
  }
  for (let k = dynamicStart[j]!; k < dynamicStart[j + 1]!; k++) {
    const value = dynamicTerms.evaluate[k]!(trialParameters, trialChoices)
    if (!Number.isFinite(weight(dynamicTerms.weightSlot[k]!) * value))
      found.push(path(dynamicTerms.weightSlot[k]!))
  }
  return found
}
