/** Throws a RangeError unless `value` is a whole number >= `min`; `name` says what it counts. @internal */
export const checkCount = (value: number, min: number, name: string): void => {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`)
}

/** Most numbers in one sampling design (Saltelli's matrices, Morris's trajectories): about 128 MB each. @since 0.1.0 */
export const MAX_DESIGN_VALUES = 2 ** 24

/** Throws a RangeError if a design would hold more than {@link MAX_DESIGN_VALUES} numbers. @internal */
export const checkDesignSize = (values: number, what: string): void => {
  if (values > MAX_DESIGN_VALUES)
    throw new RangeError(
      `${what} must be at most ${MAX_DESIGN_VALUES.toLocaleString('en-US')} (the design's size), got ${values.toLocaleString('en-US')}: use fewer`,
    )
}
