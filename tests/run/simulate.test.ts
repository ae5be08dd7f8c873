import fc from 'fast-check'
import { produce } from 'immer'
import { describe, expect, it } from 'vitest'
import { variant } from '../../src/model/variant'
import {
  blockCount,
  mergePartials,
  simulate,
  simulatePartial,
  summarizePartial,
} from '../../src/run/simulate'
import { decodeOrThrow } from '../internal/decodeOrThrow'
import { type GeneratedScenario, scenarioArbitrary } from '../internal/scenarioArbitrary'

const decode = decodeOrThrow

const trialsArbitrary = fc.integer({ min: 1, max: 5000 })
const seedArbitrary = fc.string({ minLength: 0, maxLength: 8 })

describe('simulate', () => {
  it('gives the same summary for the same scenario, seed and trials', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), trialsArbitrary, seedArbitrary, (g, trials, seed) => {
        const scenario = decode(g.data)
        const again = decode(structuredClone(g.data))
        expect(JSON.stringify(simulate(again, { trials, seed }))).toBe(
          JSON.stringify(simulate(scenario, { trials, seed })),
        )
      }),
      { numRuns: 40 },
    )
  })

  it('does not depend on batch size, block order or how blocks are split and merged', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary(),
        fc.integer({ min: 1, max: 6000 }),
        seedArbitrary,
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (g, trials, seed, batchBlocks, randomness) => {
          const scenario = decode(g.data)
          const whole = JSON.stringify(simulate(scenario, { trials, seed }))
          expect(JSON.stringify(simulate(scenario, { trials, seed, batchBlocks }))).toBe(whole)
          const blocks = Array.from({ length: blockCount(trials) }, (_, b) => b)
          const draws = randomness.take(blocks.length * 2)[Symbol.iterator]()
          const shuffled = [...blocks].sort(() => (draws.next().value ?? 0.5) - 0.5)
          const cut = Math.floor((shuffled.length * batchBlocks) / 6)
          const first = simulatePartial(scenario, { trials, seed }, shuffled.slice(0, cut))
          const second = simulatePartial(scenario, { trials, seed }, shuffled.slice(cut))
          expect(JSON.stringify(summarizePartial(mergePartials(second, first)))).toBe(whole)
        },
      ),
      { numRuns: 30 },
    )
  })

  it("keeps each actor's shares summing to 1, each inside its interval", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), trialsArbitrary, seedArbitrary, (g, trials, seed) => {
        const summary = simulate(decode(g.data), { trials, seed })
        for (const actor of Object.values(summary.actors)) {
          const options = Object.values(actor.options)
          expect(options.reduce((sum, o) => sum + o.share, 0)).toBeCloseTo(1, 9)
          for (const o of options) {
            expect(o.ci95[0]).toBeLessThanOrEqual(o.share + 1e-12)
            expect(o.ci95[1]).toBeGreaterThanOrEqual(o.share - 1e-12)
          }
        }
        const profileTotal = summary.profiles.reduce((sum, p) => sum + p.share, 0) + summary.otherProfiles
        expect(profileTotal).toBeCloseTo(1, 9)
      }),
      { numRuns: 40 },
    )
  })

  it("leaves an argmax actor's choices unchanged when all its weights are multiplied by a positive constant", () => {
    fc.assert(
      fc.property(
        scenarioArbitrary({ argmaxOnly: true }),
        fc.constantFrom(0.5, 2, 4, 10),
        trialsArbitrary,
        (g: GeneratedScenario, factor, trials) => {
          const base = decode(g.data)
          const scaled = variant(base, (draft) => {
            for (const actor of Object.values(draft.actors))
              for (const [key, w] of Object.entries(actor.weights))
                actor.weights[key] =
                  typeof w === 'number'
                    ? w * factor
                    : 'uniform' in w
                      ? { uniform: [w.uniform[0] * factor, w.uniform[1] * factor] }
                      : w
          })
          if (scaled._tag === 'Left') throw new Error('scaled scenario invalid')
          const a = simulate(base, { trials, seed: 'scale', drivers: false })
          const b = simulate(scaled.right, { trials, seed: 'scale', drivers: false })
          expect(b.profiles).toEqual(a.profiles)
          for (const [id, actor] of Object.entries(a.actors))
            for (const [option, o] of Object.entries(actor.options))
              expect(b.actors[id]!.options[option]!.share).toBe(o.share)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('never lowers the share of the option with the strictly highest effect on a factor when that weight rises (argmax)', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary({ argmaxOnly: true, plain: true, maxActors: 1 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.nat(2),
        trialsArbitrary,
        (g, raise, factorPick, trials) => {
          const base = decode(g.data)
          const actor = base.actors['actor_0']!
          const factor = g.factors[factorPick % g.factors.length]!
          const effectOf = (option: string) => {
            const e = actor.options[option]!.effects?.[factor]
            return typeof e === 'number'
              ? { lo: e, hi: e }
              : e !== undefined && typeof e === 'object' && 'uniform' in e
                ? { lo: e.uniform[0], hi: e.uniform[1] }
                : { lo: 0, hi: 0 }
          }
          const options = Object.keys(actor.options)
          // A's effect must exceed every other option's in every draw: its lowest above their highest.
          const best = options.find((a) => options.every((b) => b === a || effectOf(a).lo > effectOf(b).hi))
          fc.pre(best !== undefined)
          const raised = variant(base, (draft) => {
            const w = draft.actors['actor_0']!.weights[factor]!
            draft.actors['actor_0']!.weights[factor] =
              typeof w === 'number'
                ? w + raise
                : 'uniform' in w
                  ? { uniform: [w.uniform[0] + raise, w.uniform[1] + raise] }
                  : w
          })
          if (raised._tag === 'Left') throw new Error('raised scenario invalid')
          const before = simulate(base, { trials, seed: 'monotone', drivers: false }).actors['actor_0']!
            .options[best!]!.share
          const after = simulate(raised.right, { trials, seed: 'monotone', drivers: false }).actors[
            'actor_0'
          ]!.options[best!]!.share
          expect(after).toBeGreaterThanOrEqual(before)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('never changes the base of a variant', () => {
    fc.assert(
      fc.property(scenarioArbitrary(), fc.double({ min: -1, max: 1, noNaN: true }), (g, value) => {
        const base = decode(g.data)
        const before = structuredClone(base)
        const changed = variant(base, (draft) => {
          draft.title = 'changed'
          draft.actors['actor_0']!.weights['factor_0'] = value
        })
        expect(changed._tag).toBe('Right')
        expect(base).toEqual(before)
        expect(() =>
          produce(base, (draft) => {
            draft.title = 'x'
          }),
        ).not.toThrow()
        expect(Object.isFrozen(base.actors)).toBe(true)
      }),
      { numRuns: 40 },
    )
  })

  it('makes an actor with no feasible option in a trial a counted event, not a crash or NaN', () => {
    const scenario = decode({
      id: 'stuck',
      title: 'Sometimes nothing is possible',
      parameters: { open: { dist: { bernoulli: 0.25 } } },
      factors: { gain: {} },
      actors: {
        first: { weights: { gain: 1 }, options: { wait: {} } },
        second: { weights: { gain: 1 }, options: { act: { feasible: 'open == 1', effects: { gain: 1 } } } },
      },
    })
    const summary = simulate(scenario, { trials: 4000, seed: 5 })
    const second = summary.actors['second']!
    expect(second.decided + second.noFeasibleOption).toBe(4000)
    // About 25% of trials are open; 4 standard errors of a binomial share on 4000 trials.
    expect(Math.abs(second.decided / 4000 - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / 4000))
    expect(second.options['act']!.share).toBe(1)
    expect(JSON.stringify(summary)).not.toContain('NaN')
    expect(summary.profiles.some((p) => p.choices['second'] === null)).toBe(true)
  })
})

describe('independent decisions', () => {
  it('are solved without the game tree, with the results of the tree up to floating-point rounding', () => {
    fc.assert(
      fc.property(scenarioArbitrary({ plain: true }), fc.integer({ min: 1, max: 3000 }), (g, trials) => {
        const fast = decode(g.data)
        // A term that reads a choice but adds nothing forces the full backward-induction tree.
        const data = structuredClone(g.data) as {
          actors: Record<string, { options: Record<string, { effects: Record<string, unknown> }> }>
        }
        const option = Object.values(Object.values(data.actors)[0]!.options)[0]!
        // The last effect: a leaf adds choice-dependent terms after the static sum, so the order of addition stays the same.
        const factor = Object.keys(option.effects).at(-1)!
        const value = option.effects[factor]
        fc.pre(typeof value === 'number')
        option.effects[factor] = `${value} + 0 * chose('actor_0', 'option_0')`
        const slow = decode(data)
        // Everything but the manifest (whose scenario hash differs, as the files do) agrees to 9 significant
        // digits: the tree takes expectations over later logit moves (base × Σp, with Σp = 1 only up to
        // rounding) where the fast path uses the base itself, so the last bits may differ.
        const { manifest: _slow, ...viaTree } = simulate(slow, { trials, seed: 'tree' })
        const { manifest: _fast, ...direct } = simulate(fast, { trials, seed: 'tree' })
        const rounded = (value: unknown): unknown =>
          JSON.parse(JSON.stringify(value), (_key, v) =>
            typeof v === 'number' && v !== 0 ? Number(v.toPrecision(9)) : v,
          )
        expect(rounded(viaTree)).toEqual(rounded(direct))
      }),
      { numRuns: 40 },
    )
  })
})
