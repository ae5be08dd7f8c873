import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeAtomically } from '../../src/cli/support'

// An interrupted `run --out` leaves the old files or the new ones, never half of one: the built command
// line is stopped mid-run (Ctrl-C, and a kill it cannot catch), and the folder is compared with before.

const OLD = { 'summary.json': '{"old": true}\n', 'report.md': '# old report\n', 'summary.csv': 'old,csv\n' }

const folderWithOldFiles = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-interrupt-'))
  for (const [name, text] of Object.entries(OLD)) writeFileSync(join(dir, name), text)
  return dir
}

/** Starts a long run into `dir`, sends `signal` once it is under way, and resolves to its exit. */
const interrupt = (dir: string, signal: NodeJS.Signals) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['dist/cli.js', 'run', 'scenarios/isf-pakistan.yaml', '--trials', '100000000', '--out', dir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    setTimeout(() => child.kill(signal), 1500)
    child.on('exit', (code, killedBy) => resolve({ code, signal: killedBy, stderr }))
  })

describe('an interrupted run --out', () => {
  it('Ctrl-C: exit 130, says how far it got, old files untouched, no temporary file left', async () => {
    const dir = folderWithOldFiles()
    const result = await interrupt(dir, 'SIGINT')
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(
      /the run was aborted after [\d,]+ of 100,000,000 trials; nothing was written/,
    )
    expect(readdirSync(dir).sort()).toEqual(Object.keys(OLD).sort())
    for (const [name, text] of Object.entries(OLD)) expect(readFileSync(join(dir, name), 'utf8')).toBe(text)
  }, 30_000)

  it('killed (SIGKILL, no handler runs): old files untouched', async () => {
    const dir = folderWithOldFiles()
    const result = await interrupt(dir, 'SIGKILL')
    expect(result.signal).toBe('SIGKILL')
    expect(readdirSync(dir).sort()).toEqual(Object.keys(OLD).sort())
    for (const [name, text] of Object.entries(OLD)) expect(readFileSync(join(dir, name), 'utf8')).toBe(text)
  }, 30_000)

  it('writeAtomically replaces a file whole, through a temporary file it leaves no trace of', async () => {
    const dir = folderWithOldFiles()
    const big = `${'x'.repeat(5_000_000)}\n`
    await writeAtomically(join(dir, 'summary.json'), big)
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(big)
    expect(readdirSync(dir).sort()).toEqual(Object.keys(OLD).sort())
  })
})
