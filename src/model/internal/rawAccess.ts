/** Whether a value is a plain object (not an array, not null). @internal */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The own entries of a plain object whose keys are ids; anything else has none. @internal */
export const entriesOf = (value: unknown, keyPattern: RegExp): ReadonlyArray<readonly [string, unknown]> =>
  isPlainObject(value) ? Object.entries(value).filter(([key]) => keyPattern.test(key)) : []

/** The value at a path inside raw input, or undefined where the path leaves the data. @internal */
export const valueAt = (root: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let here: unknown = root
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined
    if (!Object.hasOwn(here, key)) return undefined
    here = (here as Record<PropertyKey, unknown>)[key]
  }
  return here
}
