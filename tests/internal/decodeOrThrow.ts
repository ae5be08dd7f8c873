import { decodeScenario } from '../../src/model/decodeScenario'
import type { Scenario } from '../../src/model/scenarioSchema'

/** Decodes test data that must be valid; a decode error is a broken test, so it throws with the errors. */
export const decodeOrThrow = (data: unknown): Scenario => {
  const decoded = decodeScenario(data)
  if (decoded._tag === 'Left') throw new Error(`test scenario is invalid: ${JSON.stringify(decoded.left)}`)
  return decoded.right
}
