import type { Scenario } from '../src/index'

/** The distributions hashed, by name. */
export declare const DRAW_SPECS: Readonly<Record<string, unknown>>

/** Each distribution's hash, and `samples` for the run's (see drawHashes.mjs). */
export declare const drawHashes: (
  statecraft: Pick<typeof import('../src/index'), 'distribution' | 'blockStream' | 'samplesCsv'>,
  scenario: Scenario,
) => Record<string, string>
