import { feasibleOptions } from './internal/feasibleOptions'
import { profileStrides } from './internal/profileStrides'

/**
 * What {@link bestResponseDynamics} found.
 * @since 0.1.0
 */
export interface BestResponseDynamicsResult {
  /** The distinct pure Nash equilibria reached, in order of discovery. */
  readonly equilibria: Int32Array[]
  /** Starts whose dynamics returned to an earlier profile instead of settling. */
  readonly cycles: number
  /** Distinct profiles evaluated (each once, memoised). */
  readonly evaluations: number
}

/** Memoised payoff vectors, stored end to end in one growing array. */
interface PayoffMemo {
  readonly slot: Map<number, number>
  values: Float64Array
  count: number
}

/** The offset of `code`'s payoff vector in memo.values, evaluating `profile` (whose code it is) if new. */
const lookup = (
  memo: PayoffMemo,
  code: number,
  profile: Int32Array,
  players: number,
  payoff: (profile: Int32Array, out: Float64Array) => void,
  out: Float64Array,
): number => {
  const known = memo.slot.get(code)
  if (known !== undefined) return known
  payoff(profile, out)
  const at = memo.count * players
  if (at + players > memo.values.length) {
    const grown = new Float64Array(Math.max(2 * memo.values.length, at + players))
    grown.set(memo.values)
    memo.values = grown
  }
  memo.values.set(out, at)
  memo.slot.set(code, at)
  memo.count++
  return at
}

/**
 * Player i's payoff at the current profile with i's option replaced by `option`, restoring the profile after.
 */
const payoffWith = (
  memo: PayoffMemo,
  profile: Int32Array,
  code: number,
  i: number,
  option: number,
  stride: number,
  players: number,
  payoff: (profile: Int32Array, out: Float64Array) => void,
  out: Float64Array,
): number => {
  const own = profile[i]!
  profile[i] = option
  const at = lookup(memo, code + (option - own) * stride, profile, players, payoff, out)
  profile[i] = own
  return memo.values[at + i]!
}

/**
 * Pure Nash equilibria of a game too large to tabulate, by round-robin best-response dynamics. From each start,
 * players in turn switch to their best feasible response (keeping their option when it is among the best, else
 * taking the first best) until a full pass changes nothing, a profile at the start of a pass repeats (a cycle),
 * or `maxPasses` passes. Payoffs are memoised by profile code, shared across starts.
 * Guarantee: every profile returned is a pure Nash equilibrium (checked against every feasible deviation). It
 * can miss equilibria not reachable from the starts, finds none when the dynamics cycle (games without the
 * finite improvement property, e.g. matching pennies), and evaluates only the profiles it visits: about
 * passes × Σ options per start instead of Π options.
 * @param options - number of options of each player (at most 2^53 profiles)
 * @param feasible - feasible[player][option]; absent: all feasible
 * @param payoff - writes every player's payoff at `profile` into `out` (both arrays are reused between calls)
 * @param starts - starting profiles; an infeasible option in a start is replaced by the player's first feasible one
 * @param maxPasses - the most passes per start
 * @returns the equilibria, the number of cycles and the number of evaluations
 * @throws RangeError when a player has no feasible option or there are 2^53 profiles or more
 * @example
 * import { bestResponseDynamics } from 'statecraft'
 * // Twelve players, three options each: everyone gains by choosing what most others choose.
 * const options = Array.from({ length: 12 }, () => 3)
 * const payoff = (profile: Int32Array, out: Float64Array) => {
 *   for (let i = 0; i < 12; i++) out[i] = profile.filter((o) => o === profile[i]).length
 * }
 * const start = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2)
 * const result = bestResponseDynamics(options, undefined, payoff, [start])
 * result.equilibria.map((profile) => Array.from(profile).join('')) // => ['000000000000']
 * @since 0.1.0
 */
export const bestResponseDynamics = (
  options: ReadonlyArray<number>,
  feasible: ReadonlyArray<ReadonlyArray<boolean>> | undefined,
  payoff: (profile: Int32Array, out: Float64Array) => void,
  starts: ReadonlyArray<Int32Array>,
  maxPasses = 50,
): BestResponseDynamicsResult => {
  const players = options.length
  const lists = feasibleOptions(options, feasible)
  if (lists.some((list) => list.length === 0))
    throw new RangeError('bestResponseDynamics needs a feasible option for each player')
  const strides = profileStrides(options)
  if (players > 0 && !(strides[0]! * options[0]! <= Number.MAX_SAFE_INTEGER))
    throw new RangeError('bestResponseDynamics needs fewer than 2^53 profiles')
  const memo: PayoffMemo = { slot: new Map(), values: new Float64Array(64 * Math.max(1, players)), count: 0 }
  const out = new Float64Array(players)
  const profile = new Int32Array(players)
  const equilibria: Int32Array[] = []
  const found = new Set<number>()
  const visited = new Set<number>()
  let cycles = 0
  for (const start of starts) {
    let code = 0
    for (let i = 0; i < players; i++) {
      const option = start[i] ?? -1
      profile[i] =
        feasible?.[i]?.[option] !== false && option >= 0 && option < options[i]! ? option : lists[i]![0]!
      code += profile[i]! * strides[i]!
    }
    visited.clear()
    for (let pass = 0; pass < maxPasses; pass++) {
      if (visited.has(code)) {
        cycles++
        break
      }
      visited.add(code)
      let changed = false
      for (let i = 0; i < players; i++) {
        const list = lists[i]!
        if (list.length < 2) continue
        const stride = strides[i]!
        const own = profile[i]!
        let best = own
        let bestValue = payoffWith(memo, profile, code, i, own, stride, players, payoff, out)
        const current = bestValue
        for (let k = 0; k < list.length; k++) {
          const option = list[k]!
          if (option === own) continue
          const value = payoffWith(memo, profile, code, i, option, stride, players, payoff, out)
          if (value > bestValue) {
            bestValue = value
            best = option
          }
        }
        // The scan keeps the first option reaching the best value; the current one wins ties.
        if (bestValue > current) {
          code += (best - own) * stride
          profile[i] = best
          changed = true
        }
      }
      if (changed) continue
      if (!found.has(code) && isEquilibrium(memo, profile, code, lists, strides, payoff, out)) {
        found.add(code)
        equilibria.push(Int32Array.from(profile))
      }
      break
    }
  }
  return { equilibria, cycles, evaluations: memo.count }
}

/** Whether no player has a feasible option paying strictly more at the profile. */
const isEquilibrium = (
  memo: PayoffMemo,
  profile: Int32Array,
  code: number,
  lists: ReadonlyArray<Int32Array>,
  strides: Float64Array,
  payoff: (profile: Int32Array, out: Float64Array) => void,
  out: Float64Array,
): boolean => {
  const players = profile.length
  for (let i = 0; i < players; i++) {
    const current = payoffWith(memo, profile, code, i, profile[i]!, strides[i]!, players, payoff, out)
    for (const option of lists[i]!)
      if (payoffWith(memo, profile, code, i, option, strides[i]!, players, payoff, out) > current)
        return false
  }
  return true
}
