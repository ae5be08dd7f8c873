import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * JSON with object keys sorted at every level and no white space: equal data, equal text.
 * @param value - plain data
 * @returns the canonical JSON text
 * @example
 * import { canonicalJson } from 'statecraft'
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // => '{"a":[2,{"c":4,"d":3}],"b":1}'
 * @since 0.1.0
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort()
    return `{${keys
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * The SHA-256 of a scenario's canonical JSON (without its `$schema` editor hint), in hex.
 * @param scenario - scenario data
 * @returns 64 hex digits
 * @example
 * import { scenarioHash } from 'statecraft'
 * scenarioHash({ id: 'a', $schema: 'x' }) === scenarioHash({ id: 'a' }) // => true
 * @since 0.1.0
 */
export const scenarioHash = (scenario: object): string => {
  const { $schema: _editorHint, ...content } = scenario as Record<string, unknown>
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(content))))
}
