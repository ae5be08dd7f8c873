// model

/** What a run was: enough to reproduce it. @since 0.1.0 */
export interface Manifest {
  readonly scenario: string
  readonly scenarioHash: string
  readonly seed: string
  readonly trials: number
  readonly blockSize: number
  readonly statecraft: string
  readonly engine: number
}

/** Mean, spread and quantiles of a quantity over trials (quantiles within 0.39% relative error). @since 0.1.0 */
export interface Distributional {
  readonly mean: number
  readonly sd: number
  readonly p05: number
  readonly p50: number
  readonly p95: number
}

/** How often an actor chose an option, and what the option was worth to it. @since 0.1.0 */
export interface OptionSummary {
  readonly label: string
  /** Fraction of decided trials choosing it (under logit, the mean choice probability). */
  readonly share: number
  /** 95% Wilson interval of the share. */
  readonly ci95: readonly [number, number]
  /** Fraction of all trials in which the option was feasible where its actor moved. */
  readonly feasible: number
  /** Its utility to the actor where feasible, anticipating later moves; null if never feasible. */
  readonly utility: Distributional | null
}

/** One actor's results. @since 0.1.0 */
export interface ActorSummary {
  readonly label: string
  readonly rule: 'argmax' | { readonly logit: number }
  /** Trials in which the actor had at least one feasible option. */
  readonly decided: number
  /** Trials in which it had none (counted, not an error). */
  readonly noFeasibleOption: number
  readonly options: Readonly<Record<string, OptionSummary>>
}

/** A joint choice and how often it was the solved profile. @since 0.1.0 */
export interface ProfileSummary {
  /** Each actor's option id, or null where it had no feasible option. */
  readonly choices: Readonly<Record<string, string | null>>
  readonly share: number
}

/** An outcome: a share for a yes/no outcome, else mean and quantiles. @since 0.1.0 */
export type OutcomeSummary =
  | { readonly kind: 'share'; readonly share: number; readonly ci95: readonly [number, number] }
  | ({ readonly kind: 'value' } & Distributional)
  /** A value outcome with no finite value in any trial (see `Summary.nonFinite`). */
  | {
      readonly kind: 'value'
      readonly mean: null
      readonly sd: null
      readonly p05: null
      readonly p50: null
      readonly p95: null
    }

/** An uncertain input and its correlation with the actor's choice of each option. @since 0.1.0 */
export interface Driver {
  readonly input: string
  readonly label: string
  /** Pearson correlation between the input's draws and each option's choice probability. */
  readonly correlation: Readonly<Record<string, number>>
  /** The largest absolute correlation over the options. */
  readonly strength: number
}

/** What a stage's solution looked like across draws. @since 0.1.0 */
export interface StageSummary {
  readonly label: string
  readonly actors: ReadonlyArray<string>
  readonly selection: 'first' | 'payoff-dominant' | 'risk-dominant' | 'all'
  /** Share of draws whose realised node had no, one, or several pure equilibria (among draws where they were counted). */
  readonly pureEquilibria: { readonly none: number; readonly one: number; readonly several: number }
  /** Share of draws by how the realised node was solved (pure-equilibrium, mixed-equilibrium, logit-equilibrium, ...). */
  readonly solvedBy: Readonly<Record<string, number>>
  /** The most frequent joint choices of the stage's actors, with their shares. */
  readonly profiles: ReadonlyArray<ProfileSummary>
  /**
   * Share of checked draws in which nudging one continuous input by one percentile of its distribution
   * (the same draw otherwise: common random numbers) changed this stage's joint choice.
   */
  readonly flipRate: number
  /** How many draws were checked for flips (every 8th). */
  readonly flipChecks: number
}

/**
 * An element whose values were not finite (NaN or infinite) in some trials: those values are left out of
 * its statistics and counted here.
 * @since 0.1.0
 */
export interface NonFiniteReport {
  /** `actors.A.options.O` (the option's utility), `parameters.P` or `outcomes.N`. */
  readonly element: string
  /** Trials in which it was NaN, +Infinity, -Infinity. */
  readonly nan: number
  readonly positiveInfinity: number
  readonly negativeInfinity: number
  /** The first such trial, by its index in the run, and its block (-1 when the inputs were the caller's). */
  readonly firstTrial: number
  readonly firstBlock: number
  /** For a utility: the option's effects found not finite in such a trial (`actors.A.options.O.effects.F`). */
  readonly causes: ReadonlyArray<string>
}

/**
 * The result of a run: the JSON that `statecraft run` prints.
 * @since 0.1.0
 */
export interface Summary {
  readonly manifest: Manifest
  readonly actors: Readonly<Record<string, ActorSummary>>
  readonly profiles: ReadonlyArray<ProfileSummary>
  /** Share of trials outside the listed profiles. */
  readonly otherProfiles: number
  readonly outcomes: Readonly<Record<string, OutcomeSummary>>
  /** Each parameter's mean and standard deviation over its finite values (null when it had none). */
  readonly parameters: Readonly<Record<string, { readonly mean: number | null; readonly sd: number | null }>>
  /** Per stage, in order of play: equilibria, solution methods, joint choices, flip rate. */
  readonly stages: ReadonlyArray<StageSummary>
  /** Elements whose values were not finite in some trials (left out of their statistics); usually none. */
  readonly nonFinite: ReadonlyArray<NonFiniteReport>
  /** Per actor, the inputs most correlated with its choice, strongest first (when drivers were computed). */
  readonly drivers?: Readonly<Record<string, ReadonlyArray<Driver>>>
}
