import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Scenario } from '../../src/model/scenarioSchema'
import { variant } from '../../src/model/variant'
import { loadScenario } from '../../src/node'
import {
  blockCount,
  mergePartials,
  simulate,
  simulatePartial,
  summarizePartial,
} from '../../src/run/simulate'
import type { Summary } from '../../src/run/summary'
import { decodeOrThrow } from '../internal/decodeOrThrow'

const load = async (file: string): Promise<Scenario> => {
  const loaded = await loadScenario(file)
  if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left))
  return loaded.right
}
const decode = decodeOrThrow
const share = (summary: Summary, actor: string, option: string) =>
  summary.actors[actor]!.options[option]!.share

describe('classic games, solved in every draw', () => {
  it("prisoner's dilemma: the unique equilibrium is mutual defection", async () => {
    const summary = simulate(await load('scenarios/classics/prisoners-dilemma.yaml'), { trials: 2000 })
    expect(summary.stages[0]!.pureEquilibria).toEqual({ none: 0, one: 1, several: 0 })
    expect(share(summary, 'row', 'defect')).toBe(1)
    expect(share(summary, 'col', 'defect')).toBe(1)
  })

  it('battle of the sexes: two pure equilibria, played equally under selection all', async () => {
    const summary = simulate(await load('scenarios/classics/battle-of-the-sexes.yaml'), { trials: 4000 })
    expect(summary.stages[0]!.pureEquilibria.several).toBe(1)
    expect(share(summary, 'row', 'opera')).toBe(0.5)
    const played = summary.stages[0]!.profiles.map((p) => `${p.choices['row']}/${p.choices['col']}`).sort()
    expect(played).toEqual(['football/football', 'opera/opera'])
    // Which of the two is drawn per trial: a binomial share, within 4 standard errors of one half.
    const opera = summary.stages[0]!.profiles.find((p) => p.choices['row'] === 'opera')!.share
    expect(Math.abs(opera - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 4000))
  })

  it('matching pennies: no pure equilibrium; the mixed one plays each side half the time', async () => {
    const summary = simulate(await load('scenarios/classics/matching-pennies.yaml'), { trials: 2000 })
    expect(summary.stages[0]!.pureEquilibria.none).toBe(1)
    expect(summary.stages[0]!.solvedBy).toEqual({ 'mixed-equilibrium': 1 })
    expect(share(summary, 'row', 'heads')).toBeCloseTo(0.5, 12)
    expect(share(summary, 'col', 'heads')).toBeCloseTo(0.5, 12)
  })

  it('stag hunt: payoff dominance picks stag, risk dominance picks hare', async () => {
    const base = await load('scenarios/classics/stag-hunt.yaml')
    expect(share(simulate(base, { trials: 500 }), 'row', 'stag')).toBe(1)
    const risky = variant(base, (draft) => {
      draft.selection = 'risk-dominant'
    })
    if (risky._tag === 'Left') throw new Error('invalid')
    expect(share(simulate(risky.right, { trials: 500 }), 'row', 'hare')).toBe(1)
  })

  it('chicken: two asymmetric pure equilibria', async () => {
    const summary = simulate(await load('scenarios/classics/chicken.yaml'), { trials: 2000 })
    expect(summary.stages[0]!.pureEquilibria.several).toBe(1)
    expect(share(summary, 'row', 'swerve')).toBe(0.5)
    for (const profile of summary.stages[0]!.profiles)
      expect(profile.choices['row']).not.toBe(profile.choices['col'])
  })

  it('entry deterrence: the threat to fight is not credible (subgame perfection)', async () => {
    const summary = simulate(await load('scenarios/classics/entry-deterrence.yaml'), { trials: 500 })
    expect(share(summary, 'entrant', 'enter')).toBe(1)
    expect(share(summary, 'incumbent', 'accommodate')).toBe(1)
  })
})

/** Asymmetric matching pennies: row gets 9 for (heads, heads), 1 for (tails, tails); column wins on a mismatch. */
const asymmetricPennies = (lambda: number) =>
  decode({
    id: 'asymmetric-pennies',
    title: 'Asymmetric matching pennies',
    factors: { payoff: {} },
    actors: {
      row: {
        rule: { logit: lambda },
        weights: { payoff: 1 },
        options: {
          heads: { effects: { payoff: "chose('col', 'heads') ? 9 : 0" } },
          tails: { effects: { payoff: "chose('col', 'tails') ? 1 : 0" } },
        },
      },
      col: {
        rule: { logit: lambda },
        weights: { payoff: 1 },
        options: {
          heads: { effects: { payoff: "chose('row', 'tails') ? 1 : 0" } },
          tails: { effects: { payoff: "chose('row', 'heads') ? 1 : 0" } },
        },
      },
    },
    stages: [['row', 'col']],
  })

describe('logit equilibria', () => {
  it('approach the Nash equilibrium as rationality grows', () => {
    // Nash: the column makes row indifferent (9q = 1 - q, q = 0.1); row makes the column indifferent (p = 0.5).
    const distance = (lambda: number) => {
      const summary = simulate(asymmetricPennies(lambda), { trials: 1024, drivers: false })
      return Math.hypot(share(summary, 'row', 'heads') - 0.5, share(summary, 'col', 'heads') - 0.1)
    }
    // The gap shrinks like 1/λ: near Nash, q = logistic(-2λδ) = 0.1 gives row's excess δ = ln 9 / (2λ),
    // 0.011 at λ = 100 and 0.0011 at λ = 1000.
    const distances = [0.5, 2, 10, 100, 1000].map(distance)
    for (let i = 1; i < distances.length; i++) expect(distances[i]!).toBeLessThan(distances[i - 1]!)
    expect(distances.at(-1)!).toBeLessThan(Math.log(9) / 2000 + 1e-4)
  })

  it("approach a game's pure equilibrium as rationality grows (prisoner's dilemma)", async () => {
    const base = await load('scenarios/classics/prisoners-dilemma.yaml')
    const defect = (lambda: number) => {
      const logit = variant(base, (draft) => {
        for (const actor of Object.values(draft.actors)) actor.rule = { logit: lambda }
      })
      if (logit._tag === 'Left') throw new Error('invalid')
      return share(simulate(logit.right, { trials: 1024, drivers: false }), 'row', 'defect')
    }
    const shares = [0.1, 1, 10].map(defect)
    expect(shares[0]!).toBeLessThan(shares[1]!)
    expect(shares[1]!).toBeLessThan(shares[2]!)
    expect(shares[2]!).toBeGreaterThan(0.99)
  })
})

// Generated scenarios with a simultaneous stage: a leader, then two or three actors at once.
const simultaneousScenario = fc
  .record({
    followers: fc.integer({ min: 2, max: 3 }),
    logit: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    lows: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
    selection: fc.constantFrom('all', 'payoff-dominant', 'risk-dominant'),
  })
  .map((g) => {
    const names = ['leader', 'alpha', 'beta', 'gamma'].slice(0, g.followers + 1)
    let i = 0
    const next = () => {
      const lo = Math.round(g.lows[i++ % g.lows.length]! * 100) / 100
      return { uniform: [lo, lo + 0.5] }
    }
    const actors: Record<string, unknown> = {}
    names.forEach((name, a) => {
      const other = names[a === names.length - 1 ? 1 : a + 1]!
      actors[name] = {
        rule: g.logit[a] ? { logit: 3 } : 'argmax',
        weights: { gain: next(), risk: next() },
        options: {
          bold: { effects: { gain: next(), risk: `chose('${other}', 'bold') ? -0.6 : 0.2` } },
          safe: { effects: { gain: next(), risk: next() } },
        },
      }
    })
    return {
      id: 'generated-game',
      title: 'Generated game',
      selection: g.selection,
      factors: { gain: {}, risk: {} },
      actors,
      stages: [['leader'], names.slice(1)],
      outcomes: { all_bold: names.map((n) => `chose('${n}', 'bold')`).join(' and ') },
    }
  })

/** Reverses the declaration order of actors and of each actor's options; ids are unchanged. */
const relabel = (data: Record<string, unknown>): Record<string, unknown> => {
  const actors = data['actors'] as Record<string, { options: Record<string, unknown> }>
  const reversed = Object.fromEntries(
    Object.entries(actors)
      .reverse()
      .map(([id, actor]) => [
        id,
        { ...actor, options: Object.fromEntries(Object.entries(actor.options).reverse()) },
      ]),
  )
  return { ...data, actors: reversed }
}

/** A summary with declaration order taken out: records by key, profiles as sorted lists, numbers rounded. */
const canonical = (summary: Summary): unknown => {
  const round = (value: unknown): unknown =>
    typeof value === 'number'
      ? Math.round(value * 1e9) / 1e9
      : Array.isArray(value)
        ? value.map(round)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, v]) => [k, round(v)]),
            )
          : value
  const { manifest: _manifest, ...rest } = summary
  const sortedProfiles = (
    profiles: ReadonlyArray<{ choices: Record<string, string | null>; share: number }>,
  ) => [...profiles].map((p) => JSON.stringify(round(p))).sort()
  return round({
    ...rest,
    profiles: sortedProfiles(summary.profiles),
    stages: summary.stages.map((stage) => ({ ...stage, profiles: sortedProfiles(stage.profiles) })),
  })
}

describe('simultaneous stages', () => {
  it('give identical results across runs, batch sizes and block orders', () => {
    fc.assert(
      fc.property(
        simultaneousScenario,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 4 }),
        (data, trials, batchBlocks) => {
          const scenario = decode(data)
          const whole = JSON.stringify(simulate(scenario, { trials, seed: 'g' }))
          expect(
            JSON.stringify(simulate(decode(structuredClone(data)), { trials, seed: 'g', batchBlocks })),
          ).toBe(whole)
          const blocks = Array.from({ length: blockCount(trials) }, (_, b) => b).reverse()
          const half = Math.floor(blocks.length / 2)
          const merged = mergePartials(
            simulatePartial(scenario, { trials, seed: 'g' }, blocks.slice(half)),
            simulatePartial(scenario, { trials, seed: 'g' }, blocks.slice(0, half)),
          )
          expect(JSON.stringify(summarizePartial(merged))).toBe(whole)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('are unchanged by relabelling: declaring actors and options in another order permutes nothing else', () => {
    fc.assert(
      fc.property(simultaneousScenario, fc.integer({ min: 200, max: 2000 }), (data, trials) => {
        const a = simulate(decode(data), { trials, seed: 'r' })
        const b = simulate(decode(relabel(data)), { trials, seed: 'r' })
        expect(canonical(b)).toEqual(canonical(a))
      }),
      { numRuns: 25 },
    )
  })

  it('report, for each stage, shares of draws by pure equilibria and method that sum to 1', () => {
    fc.assert(
      fc.property(simultaneousScenario, (data) => {
        const summary = simulate(decode(data), { trials: 600, seed: 's' })
        for (const stage of summary.stages) {
          const { none, one, several } = stage.pureEquilibria
          if (
            stage.actors.length > 1 &&
            summary.actors[stage.actors[0]!]!.rule === 'argmax' &&
            Object.keys(stage.solvedBy).every((m) => m !== 'logit-equilibrium')
          )
            expect(none + one + several).toBeCloseTo(1, 9)
          expect(Object.values(stage.solvedBy).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9)
          expect(stage.flipRate).toBeGreaterThanOrEqual(0)
          expect(stage.flipRate).toBeLessThanOrEqual(1)
          expect(stage.flipChecks).toBe(Math.ceil(600 / 8))
        }
      }),
      { numRuns: 20 },
    )
  })
})

describe('large simultaneous stages', () => {
  it('solve 12 actors with 3 options each by best-response dynamics, without enumerating 531,441 profiles', () => {
    const names = Array.from({ length: 12 }, (_, i) => `state_${i}`)
    const actors = Object.fromEntries(
      names.map((name) => [
        name,
        {
          weights: { company: { uniform: [0.5, 1.5] }, own: { uniform: [0, 0.3] } },
          options: Object.fromEntries(
            ['red', 'green', 'blue'].map((colour) => [
              colour,
              {
                effects: {
                  company: `count('${colour}', [${names
                    .filter((n) => n !== name)
                    .map((n) => `'${n}'`)
                    .join(', ')}])`,
                  own: { uniform: [0, 1] },
                },
              },
            ]),
          ),
        },
      ]),
    )
    const scenario = decode({
      id: 'big',
      title: 'Twelve states coordinate',
      factors: { company: {}, own: {} },
      actors,
      stages: [names],
    })
    const summary = simulate(scenario, { trials: 64, seed: 1, drivers: false })
    const stage = summary.stages[0]!
    expect(stage.solvedBy['best-response-dynamics']).toBe(1)
    // Every draw's played profile is an equilibrium of a coordination game: everyone on one colour.
    for (const profile of stage.profiles) expect(new Set(Object.values(profile.choices)).size).toBe(1)
  })
})

describe('backward induction through a simultaneous stage', () => {
  it('anticipates a later stage when solving the simultaneous one', () => {
    // The regulator fines only when both go; anticipating that, each firm goes only if the other stays.
    const regulated = decodeOrThrow({
      id: 'regulated-entry',
      title: 'Two firms, then a regulator',
      factors: { profit: {}, order: {} },
      actors: {
        north: {
          weights: { profit: 1 },
          options: { go: { effects: { profit: "chose('regulator', 'fine') ? -2 : 1" } }, stay: {} },
        },
        south: {
          weights: { profit: 1 },
          options: { go: { effects: { profit: "chose('regulator', 'fine') ? -2 : 1" } }, stay: {} },
        },
        regulator: {
          weights: { order: 1 },
          options: {
            fine: { effects: { order: "chose('north', 'go') and chose('south', 'go') ? 1 : -1" } },
            pardon: { effects: { order: 0 } },
          },
        },
      },
      stages: [['north', 'south'], ['regulator']],
    })
    const summary = simulate(regulated, { trials: 2000 })
    expect(summary.stages[0]!.pureEquilibria.several).toBe(1)
    expect(share(summary, 'north', 'go')).toBe(0.5)
    expect(share(summary, 'regulator', 'fine')).toBe(0)
    const played = summary.stages[0]!.profiles.map(
      (p) => `${p.choices['north']}/${p.choices['south']}`,
    ).sort()
    expect(played).toEqual(['go/stay', 'stay/go'])
  })
})

describe('selection ties', () => {
  it('play every tied equilibrium, so payoff and risk dominance do not depend on declaration order', async () => {
    const base = await load('scenarios/classics/battle-of-the-sexes.yaml')
    for (const selection of ['payoff-dominant', 'risk-dominant'] as const) {
      const tied = variant(base, (draft) => {
        draft.selection = selection
      })
      if (tied._tag === 'Left') throw new Error('invalid')
      expect(share(simulate(tied.right, { trials: 1000 }), 'row', 'opera')).toBe(0.5)
    }
  })
})
