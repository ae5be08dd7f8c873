// Runs every example under Node (tsx), Deno and Bun, and the Deno notebook's code cells under Deno, and
// checks that each example prints the same output, byte for byte, in all three. `npm run examples` (after
// `npm run build`: the examples import the built package as 'statecraft'). Exits 1 on any difference or
// failure. Plain JavaScript, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const runtimes = [
  ['node (tsx)', process.execPath, ['--import', 'tsx']],
  ['deno', 'node_modules/.bin/deno', ['run', '--allow-read', '--allow-env', '--allow-sys']],
  ['bun', 'node_modules/.bin/bun', []],
]
const run = (command, args) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000 })
  return {
    ok: result.status === 0,
    out: result.stdout ?? '',
    err: `${result.error ?? ''}${result.stderr ?? ''}`,
  }
}

let failures = 0
const examples = readdirSync('examples')
  .filter((file) => /^\d\d-.*\.ts$/.test(file))
  .sort()
for (const example of examples) {
  const outputs = runtimes.map(([name, command, args]) => [
    name,
    run(command, [...args, join('examples', example)]),
  ])
  const failed = outputs.filter(([, r]) => !r.ok)
  const reference = outputs[0][1].out
  const differing = outputs.filter(([, r]) => r.ok && r.out !== reference)
  if (failed.length > 0 || differing.length > 0 || reference.trim() === '') {
    failures++
    console.log(`FAIL ${example}`)
    for (const [name, r] of failed)
      console.log(`  ${name} failed:\n${r.err.split('\n').slice(0, 8).join('\n')}`)
    for (const [name, r] of differing) console.log(`  ${name} printed other output:\n${r.out.slice(0, 600)}`)
  } else
    console.log(`ok   ${example}: ${reference.split('\n').length - 1} lines, identical in node, deno and bun`)
}

// The notebook's code cells, in order, as one Deno script.
const notebook = JSON.parse(readFileSync('examples/notebook.ipynb', 'utf8'))
const code = notebook.cells
  .filter((cell) => cell.cell_type === 'code')
  .map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source))
  .join('\n\n')
// Inside the project, so 'statecraft' resolves as it does for the notebook (the kernel runs in examples/).
mkdirSync('tmp', { recursive: true })
const script = join('tmp', 'notebook-cells.ts')
writeFileSync(script, code.replaceAll("'../", "'./"))
const deno = run('node_modules/.bin/deno', ['run', '--allow-read', '--allow-env', '--allow-sys', script])
if (!deno.ok) {
  failures++
  console.log(`FAIL examples/notebook.ipynb under deno:\n${deno.err.split('\n').slice(0, 12).join('\n')}`)
} else console.log(`ok   notebook.ipynb: ${notebook.cells.length} cells run under deno`)

if (failures > 0) {
  console.log(`${failures} failed`)
  process.exitCode = 1
}
