import { readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { type Either, left } from 'fp-ts/lib/Either.js'
import { MAX_SCENARIO_TEXT_LENGTH, parseScenarioText } from './model/parseScenarioText'
import { type ScenarioError, scenarioError } from './model/scenarioError'
import type { Scenario } from './model/scenarioSchema'

export {
  closeIdleWorkers,
  type SimulateParallelOptions,
  simulateParallel,
} from './run/simulateParallel'

/**
 * Reads a scenario file (`.yaml`, `.yml` or `.json`) and decodes it; errors carry the file, line and column.
 * Never rejects: a file that cannot be read is an error value too.
 * @param path - the file
 * @returns the errors, or the scenario
 * @example
 * import { loadScenario } from 'statecraft/node'
 * const loaded = await loadScenario('scenarios/isf-pakistan.yaml')
 * loaded._tag // => 'Right'
 * @since 0.1.0
 */
export const loadScenario = async (path: string): Promise<Either<ReadonlyArray<ScenarioError>, Scenario>> => {
  let text: string
  try {
    // Refuse an oversized file before reading it (a character takes at least one byte).
    const { size } = await stat(path)
    if (size > MAX_SCENARIO_TEXT_LENGTH)
      return left([
        {
          ...scenarioError(
            'LimitExceeded',
            [],
            `a scenario file of at most ${MAX_SCENARIO_TEXT_LENGTH} bytes`,
            `${size} bytes`,
            'is this the right file? Scenarios are a few hundred kilobytes at most',
          ),
          file: path,
        },
      ])
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message)
    return left([
      { ...scenarioError('Syntax', [], 'a readable scenario file', reason, 'check the path'), file: path },
    ])
  }
  return parseScenarioText(text, {
    file: path,
    format: extname(path).toLowerCase() === '.json' ? 'json' : 'yaml',
  })
}

/**
 * Reads the named source files from a folder; files that cannot be read are left out of the map.
 * @param dir - the folder holding the source texts
 * @param files - file names, as scenarios cite them
 * @returns the text of each file found, by file name
 * @example
 * import { loadSourceTexts } from 'statecraft/node'
 * const texts = await loadSourceTexts('scenarios', ['isf-pakistan.yaml', 'no-such-file.txt'])
 * [...texts.keys()] // => ['isf-pakistan.yaml']
 * @since 0.1.0
 */
export const loadSourceTexts = async (
  dir: string,
  files: ReadonlyArray<string>,
): Promise<ReadonlyMap<string, string>> => {
  const texts = new Map<string, string>()
  for (const file of files) {
    try {
      texts.set(file, await readFile(join(dir, file), 'utf8'))
    } catch {
      // A missing file is reported by checkEvidence as missing.
    }
  }
  return texts
}
