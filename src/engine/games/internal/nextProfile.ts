/**
 * Steps a profile code to the next profile over per-player candidate options (last player fastest),
 * keeping `index` (each player's position in its list) in step.
 * @param lists - per player, the option indices to visit, ascending
 * @param index - per player, the current position in its list; updated in place
 * @param strides - per player, the code's place value
 * @param code - the current profile code
 * @param hold - a player whose option stays put (-1: none)
 * @returns the next code, or -1 after the last profile (every position is then back at 0)
 * @internal
 */
export const nextProfile = (
  lists: ReadonlyArray<ArrayLike<number>>,
  index: Int32Array,
  strides: ArrayLike<number>,
  code: number,
  hold = -1,
): number => {
  let next = code
  for (let j = lists.length - 1; j >= 0; j--) {
    if (j === hold) continue
    const list = lists[j]!
    const position = index[j]! + 1
    if (position < list.length) {
      index[j] = position
      return next + (list[position]! - list[position - 1]!) * strides[j]!
    }
    next -= (list[index[j]!]! - list[0]!) * strides[j]!
    index[j] = 0
  }
  return -1
}
