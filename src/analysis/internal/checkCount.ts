/** Throws a RangeError unless `value` is a whole number >= `min`; `name` says what it counts. @internal */
export const checkCount = (value: number, min: number, name: string): void => {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`)
}
