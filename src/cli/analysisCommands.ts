import { type Command, InvalidArgumentError, Option } from 'commander'
import { compare } from '../analysis/compare'
import { decisionRobustness } from '../analysis/decisionRobustness'
import { discover, scenarioMorris, scenarioSobol } from '../analysis/scenarioSensitivity'
import { switchingGrid, switchingPoints } from '../analysis/switchingPoints'
import { tornado } from '../analysis/tornado'
import { valueOfInformation } from '../analysis/valueOfInformation'
import { JUPYTER_DISPLAY, type MediaBundle } from '../display'
import {
  compareMarkdown,
  morrisMarkdown,
  primMarkdown,
  robustnessMarkdown,
  sobolMarkdown,
  switchingMarkdown,
  tornadoMarkdown,
  voiMarkdown,
} from '../report/analysisReport'
import { escapeHtml, htmlDocument } from '../report/htmlReport'
import { EXIT_USAGE, ExitError, readScenario, wholeNumber } from './support'

type Format = 'json' | 'markdown' | 'html'

const range = (value: string): readonly [number, number] => {
  const parts = value.split(',').map(Number)
  if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x)) || !(parts[0]! < parts[1]!))
    throw new InvalidArgumentError('expected lo,hi with lo < hi, e.g. 0,1')
  return [parts[0]!, parts[1]!]
}

const number = (value: string): number => {
  const n = Number(value)
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number')
  return n
}

const formatOption = () =>
  new Option('-f, --format <format>', 'output format (html: a self-contained page with the chart)')
    .choices(['json', 'markdown', 'html'])
    .default('markdown')

/** Runs an analysis: a bad name (metric, actor, input) is a usage error with the message and its hint. */
const analyse = async <T>(work: () => T, print: (result: T) => string, format: Format): Promise<void> => {
  let result: T
  try {
    result = work()
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    process.stderr.write(`statecraft: ${error.message}\n`)
    throw new ExitError(EXIT_USAGE)
  }
  if (format === 'html') {
    // Every analysis result carries its notebook display: its chart (if it has one) and its tables.
    const display = (result as Record<symbol, unknown>)[JUPYTER_DISPLAY] as
      | (() => Promise<MediaBundle>)
      | undefined
    const bundle = display === undefined ? undefined : await display()
    const body = bundle?.['text/html'] ?? `<pre>${escapeHtml(print(result))}</pre>`
    process.stdout.write(htmlDocument(bundle?.['text/plain']?.split('\n')[0] ?? 'statecraft', body))
    return
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${print(result)}\n`)
}

/**
 * Adds `sensitivity`, `threshold`, `voi`, `robustness`, `discover` and `compare` to the command line.
 * @internal
 */
export const registerAnalysisCommands = (program: Command): void => {
  program
    .command('sensitivity')
    .description('what drives a metric: tornado (one at a time), Morris screening, or Sobol indices')
    .argument('<file>', 'scenario file')
    .requiredOption('-m, --metric <metric>', 'share:ACTOR.OPTION, utility:ACTOR.OPTION or outcome:NAME')
    .addOption(
      new Option('--method <method>', 'method').choices(['tornado', 'morris', 'sobol']).default('tornado'),
    )
    .option('-n, --trials <n>', 'trials per tornado run', wholeNumber, 4096)
    .option('--samples <n>', 'Sobol base samples N (N·(k + 2) trials)', wholeNumber, 2048)
    .option('--trajectories <n>', 'Morris trajectories r (r·(k + 1) trials)', wholeNumber, 20)
    .option('-s, --seed <seed>', 'seed', '1')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nExamples:\n  statecraft sensitivity scenarios/isf-pakistan.yaml --metric share:pakistan.join\n  statecraft sensitivity scenarios/isf-pakistan.yaml --metric outcome:troops_deploy --method sobol --samples 4096',
    )
    .action(
      async (
        file: string,
        o: {
          metric: string
          method: string
          trials: number
          samples: number
          trajectories: number
          seed: string
          format: Format
        },
      ) => {
        const scenario = await readScenario(file)
        if (o.method === 'sobol')
          await analyse(
            () => scenarioSobol(scenario, { metric: o.metric, samples: o.samples, seed: o.seed }),
            sobolMarkdown,
            o.format,
          )
        else if (o.method === 'morris')
          await analyse(
            () => scenarioMorris(scenario, { metric: o.metric, trajectories: o.trajectories, seed: o.seed }),
            morrisMarkdown,
            o.format,
          )
        else
          await analyse(
            () => tornado(scenario, { metric: o.metric, trials: o.trials, seed: o.seed }),
            tornadoMarkdown,
            o.format,
          )
      },
    )

  program
    .command('threshold')
    .description("where an actor's most likely choice flips along an input (or a grid of two)")
    .argument('<file>', 'scenario file')
    .requiredOption('-a, --actor <actor>', 'actor id')
    .requiredOption(
      '-i, --input <input>',
      'parameter:NAME, weight:ACTOR.FACTOR or effect:ACTOR.OPTION.FACTOR',
    )
    .option('-r, --range <lo,hi>', 'values to search', range)
    .option('--versus <input>', 'a second input, for a two-way grid')
    .option('--versus-range <lo,hi>', "the second input's values (required with --versus)", range)
    .option('-g, --grid <n>', 'grid points', wholeNumber)
    .option('-n, --trials <n>', 'trials per evaluation', wholeNumber, 2048)
    .option('-s, --seed <seed>', 'seed', '1')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nExample:\n  statecraft threshold scenarios/isf-pakistan.yaml --actor pakistan --input weight:pakistan.us_ties',
    )
    .action(
      async (
        file: string,
        o: {
          actor: string
          input: string
          range?: readonly [number, number]
          versus?: string
          versusRange?: readonly [number, number]
          grid?: number
          trials: number
          seed: string
          format: Format
        },
      ) => {
        const scenario = await readScenario(file)
        if (o.versus !== undefined) {
          if (o.range === undefined || o.versusRange === undefined) {
            process.stderr.write('statecraft: a two-way grid needs --range and --versus-range\n')
            throw new ExitError(EXIT_USAGE)
          }
          const ranges = [o.range, o.versusRange] as const
          await analyse(
            () =>
              switchingGrid(scenario, {
                actor: o.actor,
                inputs: [o.input, o.versus!],
                ranges,
                trials: o.trials,
                seed: o.seed,
                ...(o.grid === undefined ? {} : { grid: o.grid }),
              }),
            (grid) =>
              [
                `## Most likely choice of \`${o.actor}\`: \`${o.input}\` (rows) against \`${o.versus}\` (columns)`,
                '',
                `| | ${grid.y.map((v) => v.toFixed(3)).join(' | ')} |`,
                `|---|${grid.y.map(() => '---').join('|')}|`,
                ...grid.x.map(
                  (v, i) =>
                    `| ${v.toFixed(3)} | ${grid.modal[i]!.map((m, j) => `${m} (${(100 * grid.share[i]![j]!).toFixed(0)}%)`).join(' | ')} |`,
                ),
              ].join('\n'),
            o.format,
          )
          return
        }
        await analyse(
          () =>
            switchingPoints(scenario, {
              actor: o.actor,
              input: o.input,
              trials: o.trials,
              seed: o.seed,
              ...(o.range === undefined ? {} : { range: o.range }),
              ...(o.grid === undefined ? {} : { grid: o.grid }),
            }),
          switchingMarkdown,
          o.format,
        )
      },
    )

  program
    .command('voi')
    .description('value of information for an actor: EVPI, and EVPPI per parameter')
    .addHelpText(
      'after',
      '\nExample:\n  statecraft voi scenarios/isf-pakistan.yaml --actor pakistan --trials 20000',
    )
    .argument('<file>', 'scenario file')
    .requiredOption('-a, --actor <actor>', 'actor id')
    .option('-n, --trials <n>', 'trials', wholeNumber, 20_000)
    .option('-s, --seed <seed>', 'seed', '1')
    .addOption(formatOption())
    .action(async (file: string, o: { actor: string; trials: number; seed: string; format: Format }) => {
      const scenario = await readScenario(file)
      await analyse(
        () => valueOfInformation(scenario, { actor: o.actor, trials: o.trials, seed: o.seed }),
        (r) => voiMarkdown(o.actor, r),
        o.format,
      )
    })

  program
    .command('robustness')
    .description("robustness of an actor's options: expected utility, regret, satisficing")
    .addHelpText(
      'after',
      '\nExample:\n  statecraft robustness scenarios/isf-pakistan.yaml --actor pakistan --threshold 0',
    )
    .argument('<file>', 'scenario file')
    .requiredOption('-a, --actor <actor>', 'actor id')
    .option('-t, --threshold <x>', 'satisficing threshold on utility', number, 0)
    .option('-n, --trials <n>', 'trials', wholeNumber, 20_000)
    .option('-s, --seed <seed>', 'seed', '1')
    .addOption(formatOption())
    .action(
      async (
        file: string,
        o: { actor: string; threshold: number; trials: number; seed: string; format: Format },
      ) => {
        const scenario = await readScenario(file)
        await analyse(
          () =>
            decisionRobustness(scenario, {
              actor: o.actor,
              threshold: o.threshold,
              trials: o.trials,
              seed: o.seed,
            }),
          (r) => robustnessMarkdown(o.actor, r),
          o.format,
        )
      },
    )

  program
    .command('discover')
    .description('scenario discovery (PRIM): the input ranges under which a metric is likely')
    .addHelpText(
      'after',
      '\nExample:\n  statecraft discover scenarios/isf-pakistan.yaml --metric outcome:troops_deploy --threshold 0.5',
    )
    .argument('<file>', 'scenario file')
    .requiredOption('-m, --metric <metric>', 'share:ACTOR.OPTION, utility:ACTOR.OPTION or outcome:NAME')
    .option(
      '-t, --threshold <x>',
      'a trial is a case when the metric is at least this (default: use its value)',
      number,
    )
    .option('-n, --trials <n>', 'trials', wholeNumber, 20_000)
    .option('-s, --seed <seed>', 'seed', '1')
    .addOption(formatOption())
    .action(
      async (
        file: string,
        o: { metric: string; threshold?: number; trials: number; seed: string; format: Format },
      ) => {
        const scenario = await readScenario(file)
        await analyse(
          () =>
            discover(scenario, {
              metric: o.metric,
              trials: o.trials,
              seed: o.seed,
              ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
            }),
          (r) => primMarkdown(o.metric, r),
          o.format,
        )
      },
    )

  program
    .command('compare')
    .description('two variants under common random numbers: every difference with a paired interval')
    .addHelpText(
      'after',
      '\nExample:\n  statecraft compare scenarios/isf-pakistan.yaml my-variant.yaml --trials 20000',
    )
    .argument('<a>', 'base scenario file')
    .argument('<b>', 'variant scenario file')
    .option('-n, --trials <n>', 'trials', wholeNumber, 10_000)
    .option('-s, --seed <seed>', 'seed', '1')
    .option('--min-difference <x>', 'leave out differences smaller than this (markdown)', number, 0.001)
    .addOption(formatOption())
    .action(
      async (
        a: string,
        b: string,
        o: { trials: number; seed: string; minDifference: number; format: Format },
      ) => {
        const [first, second] = [await readScenario(a), await readScenario(b)]
        await analyse(
          () => compare(first, second, { trials: o.trials, seed: o.seed }),
          (r) => compareMarkdown(r, o.minDifference),
          o.format,
        )
      },
    )
}
