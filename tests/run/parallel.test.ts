import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Scenario } from '../../src/model/scenarioSchema'
import {
  mergePartialJson,
  partialFromJson,
  partialToJson,
  shardBlocks,
} from '../../src/run/partialSummaryJson'
import {
  blockCount,
  mergePartials,
  simulate,
  simulatePartial,
  summarizePartial,
} from '../../src/run/simulate'
import {
  closeIdleWorkers,
  idleWorkers,
  idleWorkerThreads,
  runningWorkers,
  simulateParallel,
  workersStarted,
} from '../../src/run/simulateParallel'
import { simulateUntil } from '../../src/run/simulateUntil'
import { decodeOrThrow } from '../internal/decodeOrThrow'
import { scenarioArbitrary } from '../internal/scenarioArbitrary'

const json = (value: unknown) => JSON.stringify(value)
const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown

describe('shards', () => {
  it('merge into exactly the single-threaded summary, whatever the shard count and order', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary(),
        fc.integer({ min: 1, max: 9000 }),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (g, trials, seed, shards, reverse) => {
          const scenario = decodeOrThrow(g.data)
          const parts = Array.from({ length: shards }, (_, k) =>
            roundTrip(
              partialToJson(simulatePartial(scenario, { trials, seed }, shardBlocks(trials, k + 1, shards))),
            ),
          )
          const merged = mergePartialJson(reverse ? parts.reverse() : parts)
          if (merged._tag === 'Left') throw new Error(merged.left)
          expect(merged.right.missingBlocks).toEqual([])
          expect(json(merged.right.summary)).toBe(json(simulate(scenario, { trials, seed })))
        },
      ),
      { numRuns: 30 },
    )
  })

  it('cover every block exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 64 }), (trials, shards) => {
        const all = Array.from({ length: shards }, (_, k) => shardBlocks(trials, k + 1, shards)).flat()
        expect(all).toEqual(Array.from({ length: blockCount(trials) }, (_, b) => b))
      }),
    )
  })

  it('merge associatively and commutatively, also through JSON', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), fc.integer({ min: 3 * 1024 + 1, max: 8000 }), (g, trials) => {
        const scenario = decodeOrThrow(g.data)
        const settings = { trials, seed: 'merge' }
        const blocks = Array.from({ length: blockCount(trials) }, (_, b) => b)
        const [a, b, c] = [blocks.slice(0, 1), blocks.slice(1, 3), blocks.slice(3)].map((part) =>
          simulatePartial(scenario, settings, part),
        ) as [
          ReturnType<typeof simulatePartial>,
          ReturnType<typeof simulatePartial>,
          ReturnType<typeof simulatePartial>,
        ]
        const reference = json(summarizePartial(mergePartials(mergePartials(a, b), c)))
        expect(json(summarizePartial(mergePartials(a, mergePartials(b, c))))).toBe(reference)
        expect(json(summarizePartial(mergePartials(c, mergePartials(b, a))))).toBe(reference)
        const restored = partialFromJson(roundTrip(partialToJson(mergePartials(b, a))))
        if (restored._tag === 'Left') throw new Error(restored.left)
        expect(json(summarizePartial(mergePartials(c, restored.right)))).toBe(reference)
      }),
      { numRuns: 20 },
    )
  })

  it('refuse parts of different runs, and say so', () => {
    const scenario = decodeOrThrow({
      id: 'tiny',
      title: 'A choice',
      factors: { gain: {} },
      actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 1 } }, stay: {} } } },
    })
    const a = partialToJson(simulatePartial(scenario, { trials: 3000, seed: 1 }, [0]))
    const b = partialToJson(simulatePartial(scenario, { trials: 3000, seed: 2 }, [1]))
    const merged = mergePartialJson([a, b])
    expect(merged._tag).toBe('Left')
    expect(merged._tag === 'Left' && merged.left).toContain('different seeds')
    expect(mergePartialJson([a, a])._tag === 'Left').toBe(true)
    expect(mergePartialJson([{ format: 'something else' }])).toEqual({
      _tag: 'Left',
      left: "part 1: not a partial summary (expected format: 'statecraft-partial')",
    })
  })
})

describe('simulateParallel', () => {
  it('gives byte-identical summaries to simulate for any worker count', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArbitrary(),
        fc.integer({ min: 1, max: 7000 }),
        fc.integer({ min: 1, max: 3 }),
        async (g, trials, workers) => {
          const scenario = decodeOrThrow(g.data)
          const parallel = await simulateParallel(scenario, { trials, seed: 'p', workers })
          expect(json(parallel)).toBe(json(simulate(scenario, { trials, seed: 'p' })))
        },
      ),
      { numRuns: 4 },
    )
  })

  // A worker that fails mid-run is tested in faults.test.ts (each way a worker can fail).
  it('refuses a scenario simulate cannot run with simulate’s error, before starting any worker', async () => {
    const broken = { id: 'broken', title: 'Not a scenario', actors: 5 } as unknown as Scenario
    await closeIdleWorkers()
    const before = workersStarted()
    const expected = (() => {
      try {
        simulate(broken, { trials: 3000 })
      } catch (error) {
        return (error as Error).message
      }
      throw new Error('simulate ran a broken scenario')
    })()
    await expect(simulateParallel(broken, { trials: 3000, workers: 2 })).rejects.toThrow(expected)
    expect(workersStarted()).toBe(before)
    expect(runningWorkers()).toBe(0)
  })

  it('keeps its workers warm for the next run, byte-identical still, until closeIdleWorkers', async () => {
    await closeIdleWorkers()
    const [first, second] = fc
      .sample(scenarioArbitrary(), { numRuns: 2, seed: 11 })
      .map((g) => decodeOrThrow(g.data))
    const kept = Math.min(2, availableParallelism())
    const before = workersStarted()
    const a = await simulateParallel(first!, { trials: 6000, seed: 'w', workers: 2 })
    expect(workersStarted() - before).toBe(2)
    expect(idleWorkers()).toBe(kept)
    expect(runningWorkers()).toBe(0)
    // The second run, of another scenario, takes the kept workers and starts only what is missing.
    const b = await simulateParallel(second!, { trials: 6000, seed: 'w', workers: 2 })
    expect(workersStarted() - before).toBe(2 + (2 - kept))
    expect(json(a)).toBe(json(simulate(first!, { trials: 6000, seed: 'w' })))
    expect(json(b)).toBe(json(simulate(second!, { trials: 6000, seed: 'w' })))
    await closeIdleWorkers()
    expect(idleWorkers()).toBe(0)
    expect(runningWorkers()).toBe(0)
  }, 60_000)

  it('drops an idle worker that ends, and the next run starts a new one', async () => {
    await closeIdleWorkers()
    const scenario = decodeOrThrow(fc.sample(scenarioArbitrary(), { numRuns: 1, seed: 12 })[0]!.data)
    await simulateParallel(scenario, { trials: 6000, seed: 'd', workers: 1 })
    expect(idleWorkers()).toBe(1)
    await idleWorkerThreads()[0]!.terminate()
    expect(idleWorkers()).toBe(0)
    expect(runningWorkers()).toBe(0)
    const before = workersStarted()
    const again = await simulateParallel(scenario, { trials: 6000, seed: 'd', workers: 1 })
    expect(workersStarted() - before).toBe(1)
    expect(json(again)).toBe(json(simulate(scenario, { trials: 6000, seed: 'd' })))
    await closeIdleWorkers()
  }, 60_000)

  it('never keeps a process alive with its idle workers', () => {
    // A script that runs in parallel and leaves its workers idle must still end by itself.
    const script = [
      "import { loadScenario, simulateParallel } from './src/node.ts'",
      "const loaded = await loadScenario('scenarios/classics/chicken.yaml')",
      'const summary = await simulateParallel(loaded.right, { trials: 4096, seed: 1, workers: 2 })',
      'console.log(summary.manifest.trials)',
    ].join('\n')
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(output.trim()).toBe('4096')
  }, 90_000)
})

describe('simulateUntil', () => {
  it('stops at the first round whose widest half-width is small enough, reproducibly', () => {
    const scenario = decodeOrThrow({
      id: 'tiny',
      title: 'Go when lucky',
      factors: { gain: {} },
      parameters: { luck: { dist: { normal: [0, 1] } } },
      actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
    })
    const result = simulateUntil(scenario, { halfWidth: 0.005, seed: 9 })
    const half = (s: typeof result) =>
      Math.max(...Object.values(s.actors['me']!.options).map((o) => (o.ci95[1] - o.ci95[0]) / 2))
    expect(half(result)).toBeLessThanOrEqual(0.005)
    // One round (8 blocks) fewer would not have been enough.
    const fewer = simulate(scenario, { trials: result.manifest.trials - 8 * 1024, seed: 9 })
    expect(half(fewer)).toBeGreaterThan(0.005)
    expect(json(result)).toBe(json(simulate(scenario, { trials: result.manifest.trials, seed: 9 })))
    expect(simulateUntil(scenario, { halfWidth: 0.001, maxTrials: 5000, seed: 9 }).manifest.trials).toBe(5000)
  })
})
