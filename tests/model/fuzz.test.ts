import { describe, expect, it } from 'vitest'
import { fuzzSuites } from '../internal/fuzz'

// The fast share of `npm run fuzz` (scripts/fuzz.ts runs 100,000+ inputs): the same properties, fewer runs.
const RUNS = 200

describe('fuzzing (a fast share; npm run fuzz runs the rest)', () => {
  for (const [name, run] of Object.entries(fuzzSuites(20261121)))
    it(`${name}: no throw, no hang, no prototype touched, errors that point into the input`, () => {
      const stats = run(RUNS)
      expect(stats.inputs).toBeGreaterThanOrEqual(RUNS)
    }, 60_000)
})
