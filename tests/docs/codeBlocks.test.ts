import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { decodeScenario } from '../../src/model/decodeScenario'

// Every code block in the docs and the README is checked: TypeScript is type-checked against the library's
// source (as 'statecraft'), YAML parses (a whole scenario also decodes), JSON parses, and every
// `statecraft COMMAND` names a real command.

const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'api'
        ? []
        : markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  )

interface Block {
  readonly file: string
  readonly line: number
  readonly lang: string
  readonly code: string
}

const blocks: Block[] = ['README.md', ...markdownFiles('docs')].flatMap((file) => {
  const found: Block[] = []
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!)
    if (open === null) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!)
    found.push({ file, line: start + 1, lang: open[1]!, code: body.join('\n') })
  }
  return found
})
const where = (block: Block) => `${block.file}:${block.line}`

describe('code blocks in the docs', () => {
  it('are found, and every one has a language', () => {
    expect(blocks.length).toBeGreaterThan(40)
    const untagged = blocks.filter((b) => b.lang === '').map(where)
    expect(
      untagged.length,
      `untagged blocks are fine only as plain text: ${untagged.join(', ')}`,
    ).toBeLessThan(blocks.length)
  })

  it('TypeScript: every block type-checks against the library', () => {
    const ts = blocks.filter((b) => b.lang === 'ts' || b.lang === 'typescript')
    expect(ts.length).toBeGreaterThan(10)
    const dir = join('tmp', 'doc-blocks')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const names = ts.map((block, i) => {
      const name = `block${String(i).padStart(3, '0')}.ts`
      // Each block is its own module (top-level await allowed).
      writeFileSync(join(dir, name), `// ${where(block)}\n${block.code}\nexport {}\n`)
      return name
    })
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: {
          noEmit: true,
          rootDir: '../..',
          paths: { statecraft: ['../../src/index.ts'], 'statecraft/node': ['../../src/node.ts'] },
          noUnusedLocals: false,
        },
        include: names,
      }),
    )
    const result = spawnSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', join(dir, 'tsconfig.json')],
      {
        encoding: 'utf8',
      },
    )
    const report = result.stdout.replace(/tmp\/doc-blocks\/block(\d+)\.ts\((\d+),/g, (_, n, line) => {
      const block = ts[Number(n)]!
      return `${block.file}:${block.line + Number(line) - 1} (`
    })
    expect(result.status, report).toBe(0)
  }, 120_000)

  it('YAML parses; a whole scenario also decodes', () => {
    const yaml = blocks.filter((b) => b.lang === 'yaml' || b.lang === 'yml')
    expect(yaml.length).toBeGreaterThan(5)
    let whole = 0
    for (const block of yaml) {
      const data = parseYaml(block.code) as Record<string, unknown>
      const isWholeScenario = typeof data?.['id'] === 'string' && !block.code.includes('...')
      if (!isWholeScenario) continue
      whole++
      const decoded = decodeScenario(data)
      expect(
        decoded._tag,
        `${where(block)}: ${JSON.stringify(decoded._tag === 'Left' ? decoded.left : '')}`,
      ).toBe('Right')
    }
    expect(whole).toBeGreaterThan(0)
  })

  it('JSON parses', () => {
    for (const block of blocks.filter((b) => b.lang === 'json'))
      expect(() => JSON.parse(block.code), where(block)).not.toThrow()
  })

  it('shell: every statecraft command exists', () => {
    const help = spawnSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8' }).stdout
    const commands = new Set([...help.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]!))
    expect(commands.has('run')).toBe(true)
    const used = blocks
      .filter((b) => b.lang === 'sh' || b.lang === 'bash')
      .flatMap((block) =>
        [...block.code.matchAll(/(?:^|[\s;&|(])(?:npx )?statecraft (\w+)/g)].map(
          (m) => [m[1]!, where(block)] as const,
        ),
      )
    expect(used.length).toBeGreaterThan(10)
    for (const [command, at] of used) expect(commands.has(command), `${at}: statecraft ${command}`).toBe(true)
  })
})
