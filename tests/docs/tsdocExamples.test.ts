import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Every @example in src/ runs here. A line `expression // => value` (or a comment line `// => value`
// after it) asserts that the expression equals the value (deep equality).

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })

interface Example {
  readonly file: string
  readonly line: number
  readonly code: string
}

const examplesOf = (file: string): Example[] => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const examples: Example[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\s*$/.test(lines[i]!)) continue
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !/^\s*\*\s*@|^\s*\*\//.test(lines[j]!); j++)
      body.push(lines[j]!.replace(/^\s*\* ?/, ''))
    examples.push({ file, line: i + 1, code: body.join('\n') })
  }
  return examples
}

const toTest = (code: string): { source: string; assertions: number } => {
  const out: string[] = []
  let assertions = 0
  const lines = code.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const next = lines[i + 1]
    const inline = line.match(/^(.*\S)\s*\/\/ => (.*)$/)
    if (inline !== null && !/^\s*\/\//.test(line)) {
      out.push(`__check(${inline[1]}, ${inline[2]})`)
      assertions++
    } else if (next !== undefined && /^\s*\/\/ => /.test(next) && !/^\s*\/\//.test(line)) {
      out.push(`__check(${line.trim()}, ${next.replace(/^\s*\/\/ => /, '')})`)
      assertions++
      i++
    } else out.push(line)
  }
  const imports = out
    .filter((l) => /^import /.test(l))
    .map((l) =>
      l.replace("'statecraft/node'", "'../../src/node'").replace("'statecraft'", "'../../src/index'"),
    )
  const rest = out.filter((l) => !/^import /.test(l))
  return {
    source: `${imports.join('\n')}\nimport { expect } from 'vitest'\nconst __check = (actual: unknown, expected: unknown) => expect(actual).toEqual(expected)\nexport const run = async () => {\n${rest.join('\n')}\n}\n`,
    assertions,
  }
}

const examples = filesUnder('src').flatMap(examplesOf)
const outDir = join('tmp', 'examples')
mkdirSync(outDir, { recursive: true })

describe('TSDoc examples', () => {
  it('exist on the public functions', () => {
    expect(examples.length).toBeGreaterThan(20)
  })
  for (const [n, example] of examples.entries())
    it(`${relative('src', example.file)}:${example.line}`, async () => {
      const { source, assertions } = toTest(example.code)
      expect(assertions, 'an example must assert its result with // =>').toBeGreaterThan(0)
      const path = join(outDir, `example${n}.ts`)
      writeFileSync(path, source)
      const module = (await import(/* @vite-ignore */ `../../${path}`)) as { run: () => Promise<void> }
      await module.run()
    })
})
