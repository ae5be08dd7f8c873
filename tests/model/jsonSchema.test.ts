import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { scenarioJsonSchema } from '../../src/model/scenarioSchema'

// Editors check scenario files against schema/scenario.schema.json: it must accept what the decoder
// accepts in structure, reject what it rejects, and be the schema the definition generates.
const schema = JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as Record<string, unknown>
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema)

describe('the shipped JSON Schema', () => {
  it('is the one generated from the scenario definition', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())))
  })

  it('accepts the flagship scenario', () => {
    const flagship = parse(readFileSync('scenarios/isf-pakistan.yaml', 'utf8'))
    expect(validate(flagship), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects unknown keys and malformed distributions', () => {
    const base = {
      id: 'x',
      title: 'X',
      factors: { gain: {} },
      actors: { me: { weights: { gain: 1 }, options: { go: {} } } },
    }
    expect(validate(base)).toBe(true)
    expect(validate({ ...base, titel: 'typo' })).toBe(false)
    expect(
      validate({
        ...base,
        actors: { me: { weights: { gain: { triangle: [0, 1, 2] } }, options: { go: {} } } },
      }),
    ).toBe(false)
    expect(validate({ ...base, actors: { me: { weights: { gain: 'x + 1' }, options: { go: {} } } } })).toBe(
      false,
    )
  })
})
