import { BLOCK_SIZE, createBlockEvaluator } from '../../engine/blockEvaluator'
import { compileScenario } from '../../engine/compileScenario'
import type { Scenario } from '../../model/scenarioSchema'
import { inputStream } from '../../random/blockStream'
import { metricOrThrow } from '../metric'
import { modelInputs } from './scenarioInputs'

const EDGE = 1e-6

/**
 * Evaluates a metric at design points in the unit cube of a scenario's model inputs (row-major, one
 * column per model input, in `modelInputs` order), one trial per point. Each input's value is its
 * distribution's quantile at the point (clipped to [1e-6, 1 − 1e-6]); the draws that pick mixed choices
 * are fixed per row, from the seed, so row r sees the same ones in every design matrix.
 * @internal
 */
export const evaluateDesign = (
  scenario: Scenario,
  metricName: string,
  points: Float64Array,
  seed: string,
  signal?: AbortSignal,
): Float64Array => {
  const compiled = compileScenario(scenario)
  const metric = metricOrThrow(compiled, metricName)
  const model = modelInputs(compiled)
  const k = model.length
  const rows = k === 0 ? 0 : points.length / k
  const evaluator = createBlockEvaluator(compiled, { flipChecks: false, signal })
  const draws = compiled.inputs.flatMap((input, column) =>
    input.id.startsWith('choice:') || input.id.startsWith('select:') ? [{ column, id: input.id }] : [],
  )
  const drawValues = draws.map(({ id }) => {
    const random = inputStream(seed, 0, `design:${id}`)
    return Float64Array.from({ length: rows }, () => random())
  })
  const out = new Float64Array(rows)
  for (let start = 0; start < rows; ) {
    const size = Math.min(BLOCK_SIZE, rows - start)
    const result = evaluator.evaluateColumns(size, (columns, blockSize) => {
      for (let t = 0; t < size; t++) {
        const row = start + t
        model.forEach((input, i) => {
          const u = Math.min(1 - EDGE, Math.max(EDGE, points[row * k + i]!))
          columns[input.column * blockSize + t] = input.distribution.quantile(u)
        })
        draws.forEach(({ column }, d) => {
          columns[column * blockSize + t] = drawValues[d]![row]!
        })
      }
    })
    for (let t = 0; t < size; t++) out[start + t] = metric.read(result, t)
    start += size
  }
  return out
}
