/** Text safe inside a Markdown table cell: pipes escaped, line breaks folded. @internal */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** A number with its sign always shown (a true minus sign for negatives); a dash when not finite. @internal */
export const signed = (x: number, digits: number): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}` : '—'
