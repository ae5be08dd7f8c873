/**
 * A short description of a value for an error message: `a string 'abc'`, `an array of 2`, `nothing`.
 * @internal
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
    if (Object.is(value, -0)) return 'the number -0'
    return `the number ${value}`
  }
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value
    return `the string ${JSON.stringify(shown)}`
  }
  if (typeof value === 'boolean') return `${value}`
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 0) return 'an empty object'
    const shown = keys.slice(0, 4).join(', ')
    return `an object with keys ${shown}${keys.length > 4 ? ', ...' : ''}`
  }
  return typeof value
}
