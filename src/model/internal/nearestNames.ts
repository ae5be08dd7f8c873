/**
 * Edit distance between two short strings (Levenshtein, insert/delete/substitute cost 1).
 * @internal
 */
export const editDistance = (a: string, b: string): number => {
  const previous = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost)
      diagonal = above
    }
  }
  return previous[b.length]!
}

/**
 * The known names closest to `name`, nearest first, at most `limit` of them.
 * @internal
 */
export const nearestNames = (name: string, known: Iterable<string>, limit = 3): ReadonlyArray<string> => {
  const scored: Array<readonly [string, number]> = []
  for (const candidate of known)
    scored.push([candidate, editDistance(name.toLowerCase(), candidate.toLowerCase())])
  scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
  return scored.slice(0, limit).map(([candidate]) => candidate)
}

/**
 * A hint naming the nearest known names: `did you mean 'pakistan'? known: pakistan, us, opposition`.
 * @internal
 */
export const suggestNames = (name: string, known: ReadonlyArray<string>, what: string): string => {
  if (known.length === 0) return `no ${what} is declared`
  const nearest = nearestNames(name, known)
  const best = nearest[0]!
  const close =
    editDistance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3))
  const list = known.length <= 8 ? known.join(', ') : `${nearest.join(', ')}, ...`
  return close ? `did you mean '${best}'? known ${what}s: ${list}` : `known ${what}s: ${list}`
}
