// The benchmark's cases: what each runs, and the trial counts it starts from. Each case runs in its own
// process (bench/caseProcess.ts), so no case's code shapes the JIT's view of another's.
import { fileURLToPath } from 'node:url'
// The built package, as users import it (`npm run bench` builds first): its workers start from built files.
import type { Scenario, SimulateOptions, Summary } from '../dist/index.js'
import * as statecraft from '../dist/index.js'
import * as statecraftNode from '../dist/node.js'
import { limitRun, UNIFORMS_PER_TRIAL } from './limit'
import { type PlainResult, plainRun } from './plain'
import { squiggleRun } from './squiggle'

/** The seed of every statecraft case. */
export const SEED = 'bench'
/** --quick divides every starting trial count (and the shortest run) by this. */
export const QUICK_DIVISOR = 20

/** Per actor and option, the share and mean utility: what (b), (c) and (d) agree on (the form (c) returns). */
export type Shares = PlainResult

/** A case, ready to run in the process that set it up. */
export interface ReadyCase {
  /** Runs `trials` trials (awaited when it returns a promise). */
  readonly run: (trials: number) => unknown
  /** The shares of the last run, for the agreement check ((b), (c) and (d) only). */
  readonly shares?: () => Shares | undefined
  /** Filled in by the setup: e.g. whether (f) returns exactly `simulate`'s summary. */
  readonly note?: string
  /** Ends what the case keeps (workers). */
  readonly close?: () => Promise<void>
}

/** A case of the benchmark. */
export interface CaseDefinition {
  readonly id: string
  readonly label: string
  readonly note: string
  /** Trials per run to start calibrating from (full mode). */
  readonly trials: number
  /** Round trial counts up to a multiple of this (1024: statecraft's blocks). */
  readonly step?: number
  /** The most trials a run may take. */
  readonly maxTrials?: number
  /** Loads what the case needs; runs in the case's own process. */
  readonly setup: () => Promise<ReadyCase>
  /**
   * The module the case's process imports to load the bench's TypeScript (`--import`): tsx's ESM hooks
   * alone, {@link BENCH_LOADER}, unless the case says otherwise.
   */
  readonly loader?: string
}

/**
 * How every case's process loads the bench's TypeScript: tsx's ESM hooks only. With tsx's CommonJS hooks
 * registered as well (`--import tsx`), statecraft's cases ran 7 to 15% slower while (a) and (c) did not
 * change; case (bt) keeps measuring that, side by side. No tsx code runs while a case is timed, yet that
 * registration slows the timed code.
 */
export const BENCH_LOADER = 'tsx/esm'

type SimulateParallel = (
  scenario: Scenario,
  options: SimulateOptions & { readonly workers?: number },
) => Promise<Summary>

const root = fileURLToPath(new URL('..', import.meta.url))
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

const load = async (file: string): Promise<Scenario> => {
  const loaded = await statecraftNode.loadScenario(file)
  if (loaded._tag === 'Left')
    throw new Error(`${file}: ${loaded.left.map((e) => statecraft.formatScenarioError(e)).join('\n')}`)
  return loaded.right
}

const syntheticFile = here('./synthetic.yaml')
const flagshipFile = `${root}scenarios/isf-pakistan.yaml`
const coalitionFile = `${root}scenarios/isf-coalition.yaml`

/** The scenario every case's process loads first, kept for the process's life (see {@link prepareProcess}). */
export const preloaded: Scenario[] = []

/**
 * What every case's process does first, whatever its case: loads the synthetic scenario with the built
 * package, and keeps it, as (b) does. The plain model (c) ran 1.6 times as fast in a process holding a
 * loaded scenario as in one without (about 390,000 against 240,000 trials per second), and lost it when
 * the loaded scenario was dropped and collected. Importing the package alone, the YAML parser alone, or
 * keeping objects with the model's keys did not do it; we have not pinned down which state of V8 it is.
 * Before each case had its own process, (c) always ran in the benchmark's process, which held three
 * loaded scenarios. Every process starts alike, so no case is measured in a slower state than another.
 */
export const prepareProcess = async (): Promise<void> => {
  preloaded.push(await load(syntheticFile))
}

/** Shares of a statecraft summary, in the form the agreement check compares. */
const sharesOf = (summary: Summary): Shares =>
  Object.fromEntries(
    Object.entries(summary.actors).map(([actor, a]) => [
      actor,
      Object.fromEntries(
        Object.entries(a.options).map(([option, o]) => [
          option,
          { share: o.share, utility: o.utility?.mean ?? Number.NaN },
        ]),
      ),
    ]),
  )

/** A statecraft case: `simulate` on one scenario file. */
const simulateCase =
  (file: string, drivers: boolean, keepShares = false) =>
  async (): Promise<ReadyCase> => {
    const scenario = await load(file)
    let last: Summary | undefined
    return {
      run: (trials) => {
        last = statecraft.simulate(scenario, { trials, seed: SEED, drivers })
      },
      ...(keepShares ? { shares: () => (last === undefined ? undefined : sharesOf(last)) } : {}),
    }
  }

/** (f) and (f0): `simulateParallel` on the synthetic model, with warm or cold workers. */
const parallelCase = (cold: boolean) => async (): Promise<ReadyCase> => {
  const scenario = await load(syntheticFile)
  const parallel = statecraftNode.simulateParallel as SimulateParallel
  const close = statecraftNode.closeIdleWorkers
  // Same result as simulate? A small run; a mismatch is reported in the case's note, not fatal.
  const check = { trials: 10 * 1024 + 17, seed: SEED, drivers: false }
  const same =
    JSON.stringify(await parallel(scenario, { ...check, workers: 2 })) ===
    JSON.stringify(statecraft.simulate(scenario, check))
  return {
    run: async (trials) => {
      if (cold) await close()
      return parallel(scenario, { trials, seed: SEED, drivers: false, workers: 2 })
    },
    note: same ? 'summary identical to simulate' : 'summary DIFFERS from simulate',
    close,
  }
}

/** Where (a) adds its sums: state outside the loop, so the JIT cannot drop it. */
export const limitSink = { sum: 0 }

/** Every case, in the order of a round: (b) beside (a), (c) and (f), whose ratios to it are targets. */
export const CASES: ReadonlyArray<CaseDefinition> = [
  {
    id: '(a)',
    label: `limit: ${UNIFORMS_PER_TRIAL} alea uniforms/trial, no model`,
    note: `one seedrandom.alea generator, ${UNIFORMS_PER_TRIAL} uniforms per trial (20 parameters + 5 logit choices), summed`,
    trials: 4_000_000,
    setup: async () => ({
      run: (trials) => {
        limitSink.sum += limitRun(trials)
      },
    }),
  },
  {
    id: '(b)',
    label: 'statecraft simulate, synthetic (drivers off)',
    note: 'simulate(synthetic.yaml, { trials, seed, drivers: false }); scenario loaded once, outside the timing',
    trials: 300_000,
    step: 1024,
    setup: simulateCase(syntheticFile, false, true),
  },
  {
    id: '(bt)',
    label: "(b) in a process with tsx's CommonJS hooks too",
    note: 'as (b), in a process started with --import tsx (its ESM and CommonJS hooks), as `tsx script.ts` runs; not in any ratio',
    trials: 300_000,
    step: 1024,
    loader: 'tsx',
    setup: simulateCase(syntheticFile, false),
  },
  {
    id: '(c)',
    label: 'plain TypeScript, same model',
    note: 'objects per trial, inverse-CDF triangular, Box-Muller normal (2 uniforms: 35 per trial), Math.exp logit',
    trials: 200_000,
    setup: async () => {
      let last: Shares | undefined
      return {
        run: (trials) => {
          last = plainRun(trials)
        },
        shares: () => last,
      }
    },
  },
  {
    id: '(f)',
    label: '(b) with simulateParallel, 2 workers',
    // Calls after the first take the two workers the call before kept, warm, as repeated calls in one
    // process do. Runs of millions of trials, as workers are meant for.
    note: 'simulateParallel(synthetic.yaml, { trials, seed, workers: 2, drivers: false })',
    trials: 4_000_000,
    step: 1024,
    setup: parallelCase(false),
  },
  {
    id: '(d)',
    label: 'Squiggle (@quri/squiggle-lang), same model',
    note: 'sampleCount = trials of the run; only run(code) is timed; at most 500,000 samples (all kept in memory)',
    trials: 50_000,
    maxTrials: 500_000,
    setup: async () => {
      let last: Shares | undefined
      return {
        run: async (trials) => {
          last = await squiggleRun(trials)
        },
        shares: () => last,
      }
    },
  },
  {
    id: '(e1)',
    label: 'statecraft, flagship isf-pakistan (drivers off)',
    note: 'simulate(isf-pakistan.yaml, { drivers: false })',
    trials: 60_000,
    step: 1024,
    setup: simulateCase(flagshipFile, false),
  },
  {
    id: '(e2)',
    label: 'statecraft, flagship isf-pakistan (drivers on)',
    note: 'simulate(isf-pakistan.yaml, { drivers: true }): the default',
    trials: 60_000,
    step: 1024,
    setup: simulateCase(flagshipFile, true),
  },
  {
    id: '(e3)',
    label: 'statecraft, coalition isf-coalition (drivers off)',
    note: 'simulate(isf-coalition.yaml, { drivers: false })',
    trials: 1024,
    step: 1024,
    setup: simulateCase(coalitionFile, false),
  },
  {
    id: '(f0)',
    label: '(b) with simulateParallel, 2 cold workers',
    note: 'closeIdleWorkers() then simulateParallel(...) as (f): every call starts its workers anew',
    trials: 4_000_000,
    step: 1024,
    setup: parallelCase(true),
  },
]
