// The package as users get it: `npm pack`, installed into a fresh project, then imported five ways —
// Node ESM (import), Node CJS (require), Deno (`npm:statecraft`), Bun ESM and Bun CJS — each running the
// same small scenario. The five must print the same result. `npm run check:package` (after `npm run build`).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = process.cwd()
const dir = mkdtempSync(join(tmpdir(), 'statecraft-package-'))
execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
  stdio: ['ignore', 'ignore', 'inherit'],
})
const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'))
writeFileSync(
  join(dir, 'package.json'),
  JSON.stringify({
    name: 'smoke',
    private: true,
    type: 'module',
    dependencies: { statecraft: `file:./${tarball}` },
  }),
)
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: 'inherit' })

const body = `const decoded = decodeScenario({
  id: 'tiny', title: 'Go when lucky', factors: { gain: {} }, parameters: { luck: { dist: { normal: [0, 1] } } },
  actors: { me: { weights: { gain: 1 }, options: { go: { effects: { gain: 'luck' } }, stay: {} } } },
})
if (decoded._tag === 'Left') throw new Error('invalid')
console.log(JSON.stringify(simulate(decoded.right, { trials: 5000, seed: 3 })))
`
writeFileSync(join(dir, 'esm.mjs'), `import { decodeScenario, simulate } from 'statecraft'\n${body}`)
writeFileSync(join(dir, 'cjs.cjs'), `const { decodeScenario, simulate } = require('statecraft')\n${body}`)
writeFileSync(join(dir, 'deno.ts'), `import { decodeScenario, simulate } from 'npm:statecraft'\n${body}`)

const deno = resolve(root, 'node_modules/.bin/deno')
const bun = resolve(root, 'node_modules/.bin/bun')
const ways = [
  ['node, ESM', process.execPath, ['esm.mjs']],
  ['node, CJS', process.execPath, ['cjs.cjs']],
  ['deno, npm:statecraft', deno, ['run', '--allow-read', '--allow-env', 'deno.ts']],
  ['bun, ESM', bun, ['esm.mjs']],
  ['bun, CJS', bun, ['cjs.cjs']],
]
let reference
let failures = 0
for (const [name, command, args] of ways) {
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 })
  const out = result.stdout ?? ''
  reference ??= out
  if (result.status !== 0 || out !== reference || out.trim() === '') {
    failures++
    console.log(
      `FAIL ${name}: exit ${result.status}\n${(result.stderr ?? '').split('\n').slice(0, 6).join('\n')}${out.slice(0, 200)}`,
    )
  } else console.log(`ok   ${name}: the same summary (${out.length} bytes)`)
}
if (failures > 0) process.exitCode = 1
