/**
 * Solves the square system `matrix · x = rhs` in place by Gaussian elimination with partial pivoting.
 * @param matrix - n × n coefficients, row-major; overwritten
 * @param rhs - the right-hand side; overwritten by the solution
 * @param n - the size of the system
 * @param pivotTolerance - a pivot at most this large in absolute value makes the system singular
 * @returns false when the system is singular (rhs is then left partly eliminated)
 * @since 0.1.0
 * @internal
 */
export const solveLinearSystemInPlace = (
  matrix: Float64Array,
  rhs: Float64Array,
  n: number,
  pivotTolerance: number,
): boolean => {
  for (let col = 0; col < n; col++) {
    let pivotRow = col
    let best = Math.abs(matrix[col * n + col]!)
    for (let r = col + 1; r < n; r++) {
      const size = Math.abs(matrix[r * n + col]!)
      if (size > best) {
        best = size
        pivotRow = r
      }
    }
    if (!(best > pivotTolerance)) return false
    if (pivotRow !== col) {
      for (let c = col; c < n; c++) {
        const swap = matrix[col * n + c]!
        matrix[col * n + c] = matrix[pivotRow * n + c]!
        matrix[pivotRow * n + c] = swap
      }
      const swap = rhs[col]!
      rhs[col] = rhs[pivotRow]!
      rhs[pivotRow] = swap
    }
    const pivot = matrix[col * n + col]!
    for (let r = col + 1; r < n; r++) {
      const factor = matrix[r * n + col]! / pivot
      if (factor === 0) continue
      for (let c = col + 1; c < n; c++) matrix[r * n + c] = matrix[r * n + c]! - factor * matrix[col * n + c]!
      rhs[r] = rhs[r]! - factor * rhs[col]!
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = rhs[r]!
    for (let c = r + 1; c < n; c++) sum -= matrix[r * n + c]! * rhs[c]!
    rhs[r] = sum / matrix[r * n + r]!
  }
  return true
}
