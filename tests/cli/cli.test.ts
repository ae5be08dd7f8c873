import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The built command line (npm test builds before running the tests).
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('statecraft command line', () => {
  it('validates the flagship (exit 0)', () => {
    const result = run('validate', 'scenarios/isf-pakistan.yaml')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('valid')
  })

  it('lists every problem of a bad scenario with file, line and column (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-'))
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      [
        'id: bad',
        'title: Bad',
        'factors:',
        '  gain: {}',
        'actors:',
        '  me:',
        '    weights: { gane: 1 }',
        '    options:',
        '      go: { effects: { gain: { normal: [0, -1] } } }',
        '',
      ].join('\n'),
    )
    const result = run('validate', file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /bad\.yaml:7:\d+ actors\.me\.weights\.gane: expected a declared factor, found 'gane' \(did you mean 'gain'\?/,
    )
    expect(result.stderr).toMatch(
      /bad\.yaml:9:\d+ actors\.me\.options\.go\.effects\.gain\.normal\[1\]: expected a standard deviation > 0/,
    )
  })

  it('says a YAML syntax error with its line (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-'))
    const file = join(dir, 'broken.yaml')
    writeFileSync(file, 'id: x\ntitle: [unclosed\n')
    const result = run('validate', file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/broken\.yaml:\d+:\d+/)
  })

  it('exits 2 on usage errors', () => {
    expect(run('run').code).toBe(2)
    expect(run('run', 'scenarios/isf-pakistan.yaml', '--trials', 'many').code).toBe(2)
    expect(run('frobnicate').code).toBe(2)
  })

  it('prints the same JSON for the same seed, and the schema', () => {
    const a = run('run', 'scenarios/isf-pakistan.yaml', '--trials', '3000', '--seed', '7')
    const b = run('run', 'scenarios/isf-pakistan.yaml', '--trials', '3000', '--seed', '7')
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(JSON.parse(a.stdout).manifest.trials).toBe(3000)
    expect(a.stderr).toBe('')
    const schema = run('schema')
    expect(JSON.parse(schema.stdout)).toEqual(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')))
  })

  it('writes summary.json, report.md and summary.csv with --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-out-'))
    const result = run('run', 'scenarios/isf-pakistan.yaml', '--trials', '2000', '--out', dir)
    expect(result.code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).manifest.scenario).toBe('isf-pakistan')
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('## Choices')
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n')[0]).toContain('share')
  })

  it('checks the flagship evidence when the sources are beside the project', () => {
    const result = run('evidence', 'scenarios/isf-pakistan.yaml', '--sources', '../shared/sources')
    if (result.stdout.includes('missing-source-file')) return
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('0 findings')
  })
})

describe('statecraft analysis commands', () => {
  it('runs a tornado and prints JSON with the widest swing first', () => {
    const result = run(
      'sensitivity',
      'scenarios/isf-pakistan.yaml',
      '--metric',
      'share:pakistan.join',
      '--trials',
      '256',
      '--format',
      'json',
    )
    expect(result.code).toBe(0)
    const bars = JSON.parse(result.stdout).bars as Array<{ swing: number }>
    for (let i = 1; i < bars.length; i++)
      expect(Math.abs(bars[i]!.swing)).toBeLessThanOrEqual(Math.abs(bars[i - 1]!.swing))
  })

  it('answers a bad metric or actor with the nearest names and exit 2', () => {
    const metric = run('sensitivity', 'scenarios/isf-pakistan.yaml', '--metric', 'share:pakistan.joinn')
    expect(metric.code).toBe(2)
    expect(metric.stderr).toContain("did you mean 'join'?")
    const actor = run('voi', 'scenarios/isf-pakistan.yaml', '--actor', 'pakistn')
    expect(actor.code).toBe(2)
    expect(actor.stderr).toContain("did you mean 'pakistan'?")
  })

  it('finds switching points, value of information, robustness, discovery and comparisons', () => {
    const threshold = run(
      'threshold',
      'scenarios/isf-pakistan.yaml',
      '--actor',
      'pakistan',
      '--input',
      'weight:pakistan.us_ties',
      '--trials',
      '256',
      '--grid',
      '5',
    )
    expect(threshold.code).toBe(0)
    expect(threshold.stdout).toContain('Switching points')
    const voi = run(
      'voi',
      'scenarios/isf-pakistan.yaml',
      '--actor',
      'pakistan',
      '--trials',
      '2000',
      '--format',
      'json',
    )
    expect(JSON.parse(voi.stdout).evpi).toBeGreaterThan(0)
    expect(
      run('robustness', 'scenarios/isf-pakistan.yaml', '--actor', 'us', '--trials', '2000').stdout,
    ).toContain('regret')
    expect(
      run('discover', 'scenarios/isf-pakistan.yaml', '--metric', 'outcome:troops_deploy', '--trials', '2000')
        .stdout,
    ).toContain('coverage')
    const same = run(
      'compare',
      'scenarios/isf-pakistan.yaml',
      'scenarios/isf-pakistan.yaml',
      '--trials',
      '1000',
      '--format',
      'json',
    )
    const differences = Object.values(JSON.parse(same.stdout).differences) as Array<{ difference: number }>
    expect(differences.length).toBeGreaterThan(10)
    for (const d of differences) expect(d.difference).toBe(0)
  })
})

describe('statecraft shards, workers and adaptive runs', () => {
  it('merges shards into the summary of the whole run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-shards-'))
    const args = ['run', 'scenarios/isf-pakistan.yaml', '--trials', '6000', '--seed', '11']
    for (const k of [1, 2, 3])
      expect(run(...args, '--shard', `${k}/3`, '--out', join(dir, `part${k}`)).code).toBe(0)
    const merged = run('merge', join(dir, 'part3'), join(dir, 'part1'), join(dir, 'part2'))
    expect(merged.code).toBe(0)
    expect(merged.stdout).toBe(run(...args).stdout)
    const partial = run(...args, '--shard', '2/3')
    expect(JSON.parse(partial.stdout).format).toBe('statecraft-partial')
    expect(run(...args, '--shard', '4/3').code).toBe(2)
  })

  it('runs on workers with the same output, and adaptively with a reproducible trial count', () => {
    const args = ['run', 'scenarios/isf-pakistan.yaml', '--trials', '5000', '--seed', '12']
    expect(run(...args, '--workers', '2').stdout).toBe(run(...args).stdout)
    const adaptive = run('run', 'scenarios/isf-pakistan.yaml', '--until-ci', '0.02', '--trials', '100000')
    expect(adaptive.code).toBe(0)
    const used = JSON.parse(adaptive.stdout).manifest.trials as number
    expect(adaptive.stderr).toContain(`used ${used.toLocaleString('en-US')} trials`)
    expect(run('run', 'scenarios/isf-pakistan.yaml', '--trials', String(used)).stdout).toBe(adaptive.stdout)
  })
})

describe('statecraft reproduce', () => {
  it('confirms a recorded run byte for byte, and names every value that differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-reproduce-'))
    expect(
      run('run', 'scenarios/isf-pakistan.yaml', '--trials', '3000', '--seed', '21', '--out', dir).code,
    ).toBe(0)
    const same = run('reproduce', dir, 'scenarios/isf-pakistan.yaml')
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('reproduced: byte-identical (3,000 trials, seed 21)')
    const file = join(dir, 'summary.json')
    const summary = JSON.parse(readFileSync(file, 'utf8'))
    summary.actors.pakistan.options.join.share = 0.123
    writeFileSync(file, JSON.stringify(summary))
    const changed = run('reproduce', file, 'scenarios/isf-pakistan.yaml')
    expect(changed.code).toBe(1)
    expect(changed.stdout).toContain('actors.pakistan.options.join.share: recorded 0.123')
  })
})

describe('statecraft help and reports', () => {
  const commands = [
    'run',
    'merge',
    'reproduce',
    'validate',
    'evidence',
    'schema',
    'sensitivity',
    'threshold',
    'voi',
    'robustness',
    'discover',
    'compare',
  ]
  it('gives every command a --help with examples', () => {
    const top = run('--help')
    expect(top.code).toBe(0)
    for (const command of commands) {
      expect(top.stdout).toContain(command)
      const help = run(command, '--help')
      expect(help.code, command).toBe(0)
      expect(help.stdout, command).toMatch(/Examples?:\n {2}statecraft /)
    }
    expect(run('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('writes an analysis as a self-contained HTML page with its chart', () => {
    const result = run(
      'sensitivity',
      'scenarios/isf-pakistan.yaml',
      '--metric',
      'share:pakistan.join',
      '--trials',
      '256',
      '--format',
      'html',
    )
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(result.stdout).toContain('<svg')
    expect(result.stdout).not.toMatch(/<script|(src|href)\s*=/i)
  })

  it('run --out writes summary.json, report.md with its SVG charts, report.html, summary.csv and samples.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-out-'))
    const result = run(
      'run',
      'scenarios/isf-pakistan.yaml',
      '--trials',
      '2048',
      '--out',
      dir,
      '--samples',
      '50',
    )
    expect(result.code, result.stderr).toBe(0)
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8')
    const images = [...markdown.matchAll(/!\[[^\]]*\]\((charts\/[\w-]+\.svg)\)/g)].map((m) => m[1]!)
    expect(images.length).toBe(7)
    for (const image of images) expect(readFileSync(join(dir, image), 'utf8')).toMatch(/^<svg/)
    // The same tables as the HTML report, the evidence table included.
    expect(markdown).toContain('## Evidence')
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<h2>Evidence</h2>')
    const samples = readFileSync(join(dir, 'samples.csv'), 'utf8').trim().split('\n')
    expect(samples).toHaveLength(51)
    expect(samples[0]).toMatch(/^trial,input:/)
    expect(run('run', 'scenarios/isf-pakistan.yaml', '--samples', '5').code).toBe(2)
  })
})
