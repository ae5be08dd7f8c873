/**
 * The weight of each player's option in a profile code: the product of the later players' option counts.
 * Codes are doubles, exact while the profile count stays below 2^53.
 * @param options - number of options of each player
 * @returns stride[player]
 * @since 0.1.0
 * @internal
 */
export const profileStrides = (options: ReadonlyArray<number>): Float64Array => {
  const strides = new Float64Array(options.length)
  let stride = 1
  for (let i = options.length - 1; i >= 0; i--) {
    strides[i] = stride
    stride *= options[i]!
  }
  return strides
}
