import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { isLeft } from 'fp-ts/lib/Either.js'
import { checkEvidence } from '../model/checkEvidence'
import { type Scenario, scenarioJsonSchema } from '../model/scenarioSchema'
import { loadSourceTexts } from '../node'
import { renderSvg, summaryCharts } from '../report/charts'
import { csvReport } from '../report/csvReport'
import { htmlReport } from '../report/htmlReport'
import { markdownReport } from '../report/markdownReport'
import { samplesCsv } from '../report/samplesCsv'
import { mergePartialJson, partialToJson, shardBlocks } from '../run/partialSummaryJson'
import { reproduce } from '../run/reproduce'
import { simulateAsync, simulatePartial } from '../run/simulate'
import { simulateParallel } from '../run/simulateParallel'
import { simulateUntil } from '../run/simulateUntil'
import type { Summary } from '../run/summary'
import { VERSION } from '../version'
import { registerAnalysisCommands } from './analysisCommands'
import {
  EXIT_INVALID,
  EXIT_USAGE,
  ExitError,
  interruptible,
  progressReporter,
  readScenario,
  wholeNumber,
  writeAtomically,
} from './support'

const workerCount = (value: string): number | 'auto' => {
  if (value === 'auto') return 'auto'
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new InvalidArgumentError("expected a whole number of workers from 1 to 256, or 'auto'")
  return n
}

const shardSpec = (value: string): readonly [number, number] => {
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const [k, n] = match === null ? [0, 0] : [Number(match[1]), Number(match[2])]
  if (!(k >= 1 && n >= 1 && k <= n)) throw new InvalidArgumentError('expected k/n with 1 <= k <= n, e.g. 2/8')
  return [k, n]
}

const halfWidth = (value: string): number => {
  const h = Number(value)
  if (!(h > 0 && h < 0.5))
    throw new InvalidArgumentError('expected a half-width between 0 and 0.5, e.g. 0.002')
  return h
}

const program = new Command()
  .name('statecraft')
  .description('Policy-scenario simulation: cited models, seeded Monte Carlo, each draw solved as a game.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .showHelpAfterError('(run with --help for usage)')

program
  .command('run')
  .description('simulate a scenario and print its summary')
  .argument('<file>', 'scenario file (.yaml, .yml or .json)')
  .option('-n, --trials <n>', 'number of trials', wholeNumber, 10_000)
  .option('-s, --seed <seed>', 'seed: the same seed gives the same result', '1')
  .addOption(
    new Option('-f, --format <format>', 'output format').choices(['json', 'markdown', 'csv']).default('json'),
  )
  .option(
    '-o, --out <dir>',
    'write summary.json, report.md (with charts/*.svg), report.html and summary.csv to this folder instead of printing',
  )
  .option(
    '--samples <n>',
    'with --out, also write samples.csv: the first n trials, one row each',
    wholeNumber,
  )
  .option('--no-drivers', 'skip the correlation of inputs with choices (faster)')
  .option(
    '-w, --workers <k>',
    "worker threads ('auto': the available cores); the result is identical",
    workerCount,
  )
  .option('--shard <k/n>', 'run only the k-th of n shards and write a mergeable partial summary', shardSpec)
  .option(
    '--until-ci <h>',
    "keep drawing until every share's 95% half-width is at most h (--trials is then the cap)",
    halfWidth,
  )
  .addHelpText(
    'after',
    '\nExamples:\n  statecraft run scenarios/isf-pakistan.yaml --trials 100000 --seed 42 --format markdown\n  statecraft run scenarios/isf-pakistan.yaml --out results/\n  statecraft run scenarios/isf-pakistan.yaml --out results/ --samples 5000\n  statecraft run scenarios/isf-pakistan.yaml --trials 1000000 --workers auto\n  statecraft run scenarios/isf-pakistan.yaml --trials 1000000 --shard 2/8 --out part2/\n  statecraft run scenarios/isf-pakistan.yaml --until-ci 0.002 --trials 5000000',
  )
  .action(
    async (
      file: string,
      options: {
        trials: number
        seed: string
        format: 'json' | 'markdown' | 'csv'
        out?: string
        drivers: boolean
        workers?: number | 'auto'
        shard?: readonly [number, number]
        untilCi?: number
        samples?: number
      },
    ) => {
      if (options.samples !== undefined && options.out === undefined) {
        process.stderr.write('statecraft run: --samples needs --out DIR (samples.csv is written there)\n')
        throw new ExitError(EXIT_USAGE)
      }
      const scenario = await readScenario(file)
      const settings = { trials: options.trials, seed: options.seed, drivers: options.drivers }
      if (options.shard !== undefined) {
        const [k, n] = options.shard
        const partial = partialToJson(simulatePartial(scenario, settings, shardBlocks(options.trials, k, n)))
        const text = `${JSON.stringify(partial)}\n`
        if (options.out === undefined) process.stdout.write(text)
        else {
          await mkdir(options.out, { recursive: true })
          await writeAtomically(join(options.out, 'partial.json'), text)
          process.stderr.write(
            `wrote shard ${k}/${n} (${partial.blocks.length} blocks) to ${join(options.out, 'partial.json')}\n`,
          )
        }
        return
      }
      const progress = progressReporter()
      const withProgress = progress === undefined ? {} : { onProgress: progress }
      const summary =
        options.untilCi !== undefined
          ? simulateUntil(scenario, {
              halfWidth: options.untilCi,
              maxTrials: options.trials,
              seed: options.seed,
              drivers: options.drivers,
            })
          : await interruptible((signal) =>
              options.workers !== undefined
                ? simulateParallel(scenario, {
                    ...settings,
                    ...withProgress,
                    workers: options.workers,
                    signal,
                  })
                : simulateAsync(scenario, { ...settings, ...withProgress, signal }),
            )
      if (options.untilCi !== undefined)
        process.stderr.write(
          `used ${summary.manifest.trials.toLocaleString('en-US')} trials for a half-width of at most ${options.untilCi}\n`,
        )
      const json = `${JSON.stringify(summary, null, 2)}\n`
      if (options.out !== undefined) {
        await writeReports(options.out, summary, scenario, json)
        const written = ['summary.json', 'report.md', 'charts/', 'report.html', 'summary.csv']
        if (options.samples !== undefined) {
          await writeAtomically(
            join(options.out, 'samples.csv'),
            samplesCsv(scenario, {
              trials: Math.min(options.samples, summary.manifest.trials),
              seed: options.seed,
            }),
          )
          written.push('samples.csv')
        }
        process.stderr.write(`wrote ${written.join(', ')} to ${options.out}\n`)
        return
      }
      const markdown = `${markdownReport(summary, { title: scenario.title })}\n`
      process.stdout.write(
        options.format === 'json' ? json : options.format === 'markdown' ? markdown : csvReport(summary),
      )
    },
  )

/** A run's reports into a folder: summary.json, report.md with its charts as SVG files, report.html, summary.csv. */
const writeReports = async (
  out: string,
  summary: Summary,
  scenario: Scenario,
  json: string,
): Promise<void> => {
  await mkdir(join(out, 'charts'), { recursive: true })
  const charts = summaryCharts(summary)
  const files: Record<string, string> = {}
  for (const chart of charts) {
    files[chart.id] = `charts/${chart.id}.svg`
    await writeAtomically(join(out, files[chart.id]!), await renderSvg(chart.spec))
  }
  await writeAtomically(join(out, 'summary.json'), json)
  await writeAtomically(
    join(out, 'report.md'),
    `${markdownReport(summary, { title: scenario.title, charts: files, scenario })}\n`,
  )
  await writeAtomically(join(out, 'report.html'), await htmlReport(summary, { scenario }))
  await writeAtomically(join(out, 'summary.csv'), csvReport(summary))
}

program
  .command('validate')
  .description('check a scenario file: exit 0 if valid, else list every problem and exit 1')
  .addHelpText(
    'after',
    '\nExamples:\n  statecraft validate scenarios/isf-pakistan.yaml\n  statecraft validate my-scenario.json   # exit 1 and every problem, with file:line:column and a hint',
  )
  .argument('<file>', 'scenario file')
  .action(async (file: string) => {
    const scenario = await readScenario(file)
    process.stdout.write(
      `${file}: valid (${Object.keys(scenario.actors).length} actors, ${Object.keys(scenario.parameters ?? {}).length} parameters)\n`,
    )
  })

program
  .command('schema')
  .description('print the JSON Schema of scenario files')
  .addHelpText(
    'after',
    '\nExample:\n  statecraft schema > scenario.schema.json   # then, in a YAML file: $schema: ./scenario.schema.json',
  )
  .action(() => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
  })

program
  .command('evidence')
  .description("check a scenario's citations against its source texts; exit 1 on any finding")
  .addHelpText(
    'after',
    '\nExamples:\n  statecraft evidence scenarios/isf-pakistan.yaml --sources ../shared/sources\n  statecraft evidence scenarios/isf-pakistan.yaml --sources ../shared/sources --list',
  )
  .argument('<file>', 'scenario file')
  .requiredOption('--sources <dir>', 'folder holding the source files the scenario cites')
  .option('--list', 'also list every element with its basis')
  .action(async (file: string, options: { sources: string; list?: boolean }) => {
    const scenario = await readScenario(file)
    const texts = await loadSourceTexts(
      options.sources,
      (scenario.sources ?? []).map((source) => source.file),
    )
    const report = checkEvidence(scenario, texts)
    if (options.list === true)
      for (const row of report.rows)
        process.stdout.write(
          `${row.basis.padEnd(8)} ${row.path}${row.sources.length > 0 ? ` [${row.sources.join(', ')}]` : ''}\n`,
        )
    const sourced = report.rows.filter((row) => row.sources.length > 0).length
    const estimates = report.rows.filter((row) => row.basis === 'estimate').length
    process.stdout.write(
      `${file}: ${report.rows.length} elements, ${sourced} with citations, ${estimates} estimates, ${report.findings.length} findings\n`,
    )
    for (const finding of report.findings)
      process.stdout.write(`  ${finding.kind}: ${finding.path}: ${finding.message}\n`)
    if (report.findings.length > 0) throw new ExitError(EXIT_INVALID)
  })

program
  .command('merge')
  .description('combine partial summaries written by run --shard into the summary of the whole run')
  .argument('<parts...>', 'partial.json files (or folders holding one)')
  .addOption(
    new Option('-f, --format <format>', 'output format').choices(['json', 'markdown', 'csv']).default('json'),
  )
  .addHelpText('after', '\nExample:\n  statecraft merge part1/ part2/ part3/ --format markdown')
  .action(async (paths: string[], options: { format: 'json' | 'markdown' | 'csv' }) => {
    const parts: unknown[] = []
    for (const path of paths) {
      const file =
        (await stat(path).catch(() => undefined))?.isDirectory() === true ? join(path, 'partial.json') : path
      try {
        parts.push(JSON.parse(await readFile(file, 'utf8')))
      } catch (error) {
        process.stderr.write(`statecraft: cannot read ${file}: ${(error as Error).message}\n`)
        throw new ExitError(EXIT_INVALID)
      }
    }
    const merged = mergePartialJson(parts)
    if (isLeft(merged)) {
      process.stderr.write(`statecraft: ${merged.left}\n`)
      throw new ExitError(EXIT_INVALID)
    }
    const { summary, missingBlocks } = merged.right
    if (missingBlocks.length > 0)
      process.stderr.write(
        `warning: ${missingBlocks.length} block(s) of the run are in no part (first: ${missingBlocks[0]}); the summary covers ${summary.manifest.trials} trials\n`,
      )
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(summary, null, 2)}\n`
        : options.format === 'markdown'
          ? `${markdownReport(summary)}\n`
          : csvReport(summary),
    )
  })

program
  .command('reproduce')
  .description('re-run a recorded summary and confirm a byte-identical result, or say exactly what differs')
  .argument('<summary>', 'summary.json written by run (or a folder holding one)')
  .argument('<file>', 'the scenario file it came from')
  .addHelpText('after', '\nExample:\n  statecraft reproduce results/summary.json scenarios/isf-pakistan.yaml')
  .action(async (summaryPath: string, file: string) => {
    const path =
      (await stat(summaryPath).catch(() => undefined))?.isDirectory() === true
        ? join(summaryPath, 'summary.json')
        : summaryPath
    let recorded: Summary
    try {
      recorded = JSON.parse(await readFile(path, 'utf8')) as Summary
      if (typeof recorded?.manifest?.seed !== 'string' || typeof recorded.manifest.trials !== 'number')
        throw new Error('no manifest with seed and trials')
    } catch (error) {
      process.stderr.write(`statecraft: cannot read a summary from ${path}: ${(error as Error).message}\n`)
      throw new ExitError(EXIT_INVALID)
    }
    const result = reproduce(await readScenario(file), recorded)
    for (const reason of result.reasons) process.stdout.write(`note: ${reason}\n`)
    if (result.identical) {
      process.stdout.write(
        `reproduced: byte-identical (${recorded.manifest.trials.toLocaleString('en-US')} trials, seed ${recorded.manifest.seed})\n`,
      )
      return
    }
    process.stdout.write(
      `NOT reproduced: ${result.discrepancies.length}${result.discrepancies.length >= 50 ? '+' : ''} value(s) differ\n`,
    )
    for (const d of result.discrepancies)
      process.stdout.write(
        `  ${d.path}: recorded ${JSON.stringify(d.recorded)}, now ${JSON.stringify(d.reproduced)}\n`,
      )
    throw new ExitError(EXIT_INVALID)
  })

registerAnalysisCommands(program)

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  try {
    await program.parseAsync([...argv])
    return 0
  } catch (error) {
    if (error instanceof ExitError) return error.exitCode
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : EXIT_USAGE
    process.stderr.write(`statecraft: ${(error as Error).stack ?? String(error)}\n`)
    return EXIT_INVALID
  }
}

main(process.argv).then((code) => {
  process.exitCode = code
})
