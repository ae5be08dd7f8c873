import type { Scenario } from '../src/index'

/** The distributions hashed, by name. */
export declare const DRAW_SPECS: Readonly<Record<string, unknown>>

/** Each distribution's hash, `samples` for the run's, and one per analysis (see drawHashes.mjs). */
export declare const drawHashes: (
  statecraft: Pick<
    typeof import('../src/index'),
    'distribution' | 'blockStream' | 'samplesCsv' | 'sobol' | 'morris' | 'tornado'
  >,
  scenario: Scenario,
) => Record<string, string>
