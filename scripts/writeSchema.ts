// Writes schema/scenario.schema.json from the zod definition, so the shipped schema never drifts from the decoder.
import { writeFileSync } from 'node:fs'
import { scenarioJsonSchema } from '../src/model/scenarioSchema'

writeFileSync(
  new URL('../schema/scenario.schema.json', import.meta.url),
  `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
)
