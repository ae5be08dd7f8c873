// Rich display in notebooks: Deno's Jupyter kernel shows a value through its Symbol.for('Jupyter.display')
// method, which returns a MIME bundle (or a promise of one). Summaries and analysis results carry one, not
// enumerable, so JSON, equality and iteration never see it. The bundle's renderer is loaded only when a
// notebook asks for it.

/** The key Deno's Jupyter kernel looks for (its `Deno.jupyter.$display`). @since 0.1.0 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never

/** What a value shows in a notebook, by MIME type: `text/plain`, `text/markdown`, `text/html`. @since 0.1.0 */
export type MediaBundle = Readonly<Record<string, string>>

/**
 * Gives a value a notebook display: a non-enumerable `Symbol.for('Jupyter.display')` method.
 * @param value - the object to display
 * @param bundle - makes the MIME bundle when a notebook shows the value
 * @returns the same object
 * @example
 * import { attachDisplay, JUPYTER_DISPLAY } from 'statecraft'
 * const shown = attachDisplay({ x: 1 }, async () => ({ 'text/markdown': '**x** = 1' }))
 * JSON.stringify(shown) // => '{"x":1}'
 * typeof (shown as Record<symbol, unknown>)[JUPYTER_DISPLAY] // => 'function'
 * @since 0.1.0
 */
export const attachDisplay = <T extends object>(value: T, bundle: () => Promise<MediaBundle>): T => {
  if (Object.isExtensible(value))
    Object.defineProperty(value, JUPYTER_DISPLAY, { value: bundle, enumerable: false, configurable: true })
  return value
}
