import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Command, CommanderError, Option } from 'commander'
import { checkEvidence } from '../model/checkEvidence'
import { scenarioJsonSchema } from '../model/scenarioSchema'
import { loadSourceTexts } from '../node'
import { csvReport } from '../report/csvReport'
import { markdownReport } from '../report/markdownReport'
import { simulate } from '../run/simulate'
import { VERSION } from '../version'
import { registerAnalysisCommands } from './analysisCommands'
import {
  EXIT_INVALID,
  EXIT_USAGE,
  ExitError,
  progressReporter,
  readScenario,
  wholeNumber,
  writeAtomically,
} from './support'

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
    'write summary.json, report.md and summary.csv to this folder instead of printing',
  )
  .option('--no-drivers', 'skip the correlation of inputs with choices (faster)')
  .addHelpText(
    'after',
    '\nExamples:\n  statecraft run scenarios/isf-pakistan.yaml --trials 100000 --seed 42 --format markdown\n  statecraft run scenarios/isf-pakistan.yaml --out results/',
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
      },
    ) => {
      const scenario = await readScenario(file)
      const progress = progressReporter()
      const summary = simulate(scenario, {
        trials: options.trials,
        seed: options.seed,
        drivers: options.drivers,
        ...(progress === undefined ? {} : { onProgress: progress }),
      })
      const json = `${JSON.stringify(summary, null, 2)}\n`
      const markdown = `${markdownReport(summary, { title: scenario.title })}\n`
      if (options.out !== undefined) {
        await mkdir(options.out, { recursive: true })
        await writeAtomically(join(options.out, 'summary.json'), json)
        await writeAtomically(join(options.out, 'report.md'), markdown)
        await writeAtomically(join(options.out, 'summary.csv'), csvReport(summary))
        process.stderr.write(`wrote summary.json, report.md, summary.csv to ${options.out}\n`)
        return
      }
      process.stdout.write(
        options.format === 'json' ? json : options.format === 'markdown' ? markdown : csvReport(summary),
      )
    },
  )

program
  .command('validate')
  .description('check a scenario file: exit 0 if valid, else list every problem and exit 1')
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
  .action(() => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
  })

program
  .command('evidence')
  .description("check a scenario's citations against its source texts; exit 1 on any finding")
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
