/** Text safe inside a Markdown table cell: pipes escaped, line breaks folded. @internal */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** A number with its sign always shown (a true minus sign for negatives); a dash when not finite. @internal */
export const signed = (x: number, digits: number): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}` : '—'

/** The evidence table's lead sentence: how many elements are cited, estimated, or neither. @internal */
export const evidenceIntro = (rows: ReadonlyArray<{ readonly basis: string }>): string => {
  const count = (basis: string) => rows.filter((row) => row.basis === basis).length
  return `Every element of the scenario, what it rests on, and its citations (${count('sourced')} cited, ${count('estimate')} estimates, ${count('none')} with neither).`
}
