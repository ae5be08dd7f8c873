import { isPlainObject } from './internal/rawAccess'
import { formatPath } from './scenarioError'
import type { Scenario } from './scenarioSchema'

// model

/** One element of a scenario and what it rests on. @since 0.1.0 */
export interface EvidenceRow {
  readonly path: string
  readonly kind: 'parameter' | 'factor' | 'actor' | 'option' | 'weight' | 'effect'
  /** `sourced`: rests on citations; `estimate`: a judgement with a rationale; `none`: neither. */
  readonly basis: 'sourced' | 'estimate' | 'none'
  readonly sources: ReadonlyArray<string>
  readonly rationale?: string
  /** Each citation: the source id, the locator phrase, and our paraphrase of what it supports. */
  readonly citations: ReadonlyArray<{
    readonly source: string
    readonly locator: string
    readonly claim: string
  }>
}

/** A problem with a scenario's evidence. @since 0.1.0 */
export interface EvidenceFinding {
  readonly kind: 'unsupported' | 'locator-not-found' | 'missing-source-file'
  readonly path: string
  readonly message: string
}

/** Every element with its basis, and every problem found. @since 0.1.0 */
export interface EvidenceReport {
  readonly rows: ReadonlyArray<EvidenceRow>
  readonly findings: ReadonlyArray<EvidenceFinding>
}

// checking

/**
 * Folds typographic quotes, dashes and runs of white space, so a locator matches however the source typeset it.
 * @param text - any text
 * @returns the normalised text
 * @example
 * import { normalizeForLocator } from 'statecraft'
 * normalizeForLocator('a \u2018defender\u2019 \u2014  of') // => "a 'defender' - of"
 * @since 0.1.0
 */
export const normalizeForLocator = (text: string): string =>
  text
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-')
    .replace(/[\s\u00A0\u2000-\u200B\u202F\u205F\u3000]+/g, ' ')
    .trim()

type Annotated = {
  readonly basis?: 'sourced' | 'estimate'
  readonly rationale?: string
  readonly evidence?: ReadonlyArray<{
    readonly source: string
    readonly locator: string
    readonly claim: string
  }>
}

/**
 * Lists every element of a scenario with its basis, and checks its citations against the source texts:
 * elements with neither evidence nor rationale, locators not found verbatim (after normalising), source files missing.
 * @param scenario - a decoded scenario
 * @param sourceTexts - the text of each source file, by file name; a file absent from the map is missing
 * @returns the rows and the findings (none means the scenario is fully supported)
 * @example
 * import { checkEvidence, decodeScenario } from 'statecraft'
 * const decoded = decodeScenario({
 *   id: 'tiny', title: 'A choice', sources: [{ id: 'memo', file: 'memo.txt' }],
 *   factors: { gain: { evidence: [{ source: 'memo', locator: 'gains are likely', claim: 'Going pays' }] } },
 *   actors: { me: { rationale: 'the only actor', weights: { gain: { fixed: 1, basis: 'estimate', rationale: 'scale' } },
 *     options: { go: { rationale: 'obvious', effects: { gain: { fixed: 1, basis: 'estimate', rationale: 'unit' } } } } } },
 * })
 * if (decoded._tag === 'Left') throw new Error('invalid')
 * checkEvidence(decoded.right, new Map([['memo.txt', 'We think gains are likely.']])).findings // => []
 * @since 0.1.0
 */
export const checkEvidence = (
  scenario: Scenario,
  sourceTexts: ReadonlyMap<string, string>,
): EvidenceReport => {
  const rows: EvidenceRow[] = []
  const findings: EvidenceFinding[] = []
  const fileOf = new Map((scenario.sources ?? []).map((source) => [source.id, source.file]))
  const normalized = new Map<string, string>()
  for (const source of scenario.sources ?? []) {
    const text = sourceTexts.get(source.file)
    if (text === undefined)
      findings.push({
        kind: 'missing-source-file',
        path: formatPath(['sources', source.id]),
        message: `source file ${source.file} not found`,
      })
    else normalized.set(source.file, normalizeForLocator(text))
  }

  const visit = (path: ReadonlyArray<string>, kind: EvidenceRow['kind'], element: unknown): void => {
    const annotated = (isPlainObject(element) ? element : {}) as Annotated
    const evidence = annotated.evidence ?? []
    const text = formatPath(path)
    const basis =
      annotated.basis ??
      (annotated.rationale !== undefined && evidence.length === 0
        ? 'estimate'
        : evidence.length > 0
          ? 'sourced'
          : 'none')
    const row: EvidenceRow = {
      path: text,
      kind,
      basis,
      sources: [...new Set(evidence.map((e) => e.source))],
      citations: evidence.map(({ source, locator, claim }) => ({ source, locator, claim })),
    }
    rows.push(annotated.rationale === undefined ? row : { ...row, rationale: annotated.rationale })
    if (evidence.length === 0 && annotated.rationale === undefined)
      findings.push({ kind: 'unsupported', path: text, message: 'neither evidence nor a rationale' })
    evidence.forEach((item, i) => {
      const file = fileOf.get(item.source)
      const haystack = file === undefined ? undefined : normalized.get(file)
      if (haystack !== undefined && !haystack.includes(normalizeForLocator(item.locator)))
        findings.push({
          kind: 'locator-not-found',
          path: `${text}.evidence[${i}]`,
          message: `"${item.locator}" does not occur in ${file}`,
        })
    })
  }

  for (const [name, parameter] of Object.entries(scenario.parameters ?? {})) {
    const dist = parameter.dist
    const distAnnotated =
      isPlainObject(dist) &&
      ((dist as Annotated).evidence !== undefined || (dist as Annotated).rationale !== undefined)
    visit(['parameters', name], 'parameter', distAnnotated ? dist : parameter)
  }
  for (const [name, factor] of Object.entries(scenario.factors)) visit(['factors', name], 'factor', factor)
  for (const [actorId, actor] of Object.entries(scenario.actors)) {
    visit(['actors', actorId], 'actor', actor)
    for (const [factor, weight] of Object.entries(actor.weights))
      visit(['actors', actorId, 'weights', factor], 'weight', weight)
    for (const [optionId, option] of Object.entries(actor.options)) {
      visit(['actors', actorId, 'options', optionId], 'option', option)
      for (const [factor, effect] of Object.entries(option.effects ?? {}))
        visit(['actors', actorId, 'options', optionId, 'effects', factor], 'effect', effect)
    }
  }
  return { rows, findings }
}
