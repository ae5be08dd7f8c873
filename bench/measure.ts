// Timing helpers of the benchmark: calibrate a trial count and warm up, time one run, and summarise.

/** The timings of one case: trials per run and the trials per second of each timed run. */
export interface Measurement {
  readonly trials: number
  /** Trials per second of each timed run, in run order. */
  readonly samples: ReadonlyArray<number>
  readonly median: number
  readonly min: number
  readonly max: number
  /** Seconds of each timed run. */
  readonly seconds: ReadonlyArray<number>
}

/** How a case is timed. */
export interface MeasureOptions {
  /** Trials per run to start from; raised until one run takes at least `minSeconds`. */
  readonly trials: number
  /** The shortest acceptable run, in seconds. */
  readonly minSeconds: number
  /** Round trial counts up to a multiple of this (1024 for statecraft's blocks). */
  readonly step?: number
  /** The most trials a run may take (Squiggle keeps every sample in memory). */
  readonly maxTrials?: number
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Rounds up to two significant digits, then (from `step` on) to a multiple of `step`. */
const roundTrials = (trials: number, step: number): number => {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, trials))) - 1)
  const nice = Math.max(1, Math.ceil(trials / magnitude) * magnitude)
  return nice < step ? nice : Math.ceil(nice / step) * step
}

/** Seconds of one run of `trials` trials. */
const seconds = async (run: (trials: number) => unknown, trials: number): Promise<number> => {
  const start = performance.now()
  await run(trials)
  return (performance.now() - start) / 1000
}

/**
 * Calibrates `run`: the first runs (each also a warm-up) raise the trial count until one run takes at least
 * `minSeconds`; then one more warm-up run at that count.
 * @returns the trial count of the timed runs
 */
export const calibrate = async (
  run: (trials: number) => unknown,
  options: MeasureOptions,
): Promise<number> => {
  const step = options.step ?? 1
  const maxTrials = options.maxTrials ?? Number.POSITIVE_INFINITY
  let trials = Math.min(maxTrials, roundTrials(options.trials, step))
  for (let attempt = 0; attempt < 8; attempt++) {
    const elapsed = await seconds(run, trials)
    if (elapsed >= options.minSeconds || trials >= maxTrials) break
    const factor = Math.min(20, (1.2 * options.minSeconds) / Math.max(elapsed, 1e-4))
    trials = Math.min(maxTrials, roundTrials(trials * factor, step))
  }
  await seconds(run, trials) // warm-up at the final count
  return trials
}

/**
 * Seconds of one timed run of `trials` trials, after an untimed run of a tenth of them. A case's process
 * idles while the others run, and V8 shrinks an idle heap: without the tenth, the plain model (c) ran 10%
 * slower after 6 s idle (a collection before each run instead cost it 13%).
 */
export const timeAfterTenth = async (
  run: (trials: number) => unknown,
  trials: number,
  step = 1,
): Promise<number> => {
  await run(Math.max(step, roundTrials(trials / 10, step)))
  return seconds(run, trials)
}

/** The measurement of a case from its trial count and the seconds of its timed runs. */
export const summarize = (trials: number, timed: ReadonlyArray<number>): Measurement => {
  const samples = timed.map((s) => trials / s)
  return {
    trials,
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    seconds: [...timed],
  }
}

/** The ratio x/y of two cases timed in the same rounds: per round, then the median and the spread. */
export interface PairedRatio {
  /** x/y of each round, in round order. */
  readonly rounds: ReadonlyArray<number>
  readonly median: number
  readonly min: number
  readonly max: number
}

/**
 * The ratio of `x` to `y` round by round: each round times every case once, so the two runs of a round
 * are seconds apart, and a slow stretch of the host hits both.
 */
export const pairedRatio = (x: Measurement, y: Measurement): PairedRatio => {
  const rounds = x.samples.map((value, r) => value / y.samples[r]!)
  return { rounds, median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds) }
}
