/**
 * Each player's feasible options in increasing order. A mask entry that is not `false` counts as feasible.
 * @param options - number of options of each player
 * @param feasible - feasible[player][option]; absent: all feasible
 * @returns one array of option indices per player
 * @since 0.1.0
 * @internal
 */
export const feasibleOptions = (
  options: ReadonlyArray<number>,
  feasible: ReadonlyArray<ReadonlyArray<boolean>> | undefined,
): Int32Array[] =>
  options.map((n, player) => {
    const row = feasible?.[player]
    let count = 0
    for (let o = 0; o < n; o++) if (row?.[o] !== false) count++
    const list = new Int32Array(count)
    count = 0
    for (let o = 0; o < n; o++) if (row?.[o] !== false) list[count++] = o
    return list
  })
