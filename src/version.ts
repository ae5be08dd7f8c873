/** The library's version; a test keeps it equal to package.json's. @since 0.1.0 */
export const VERSION = '0.1.0'
/** Bumped whenever the same seed would give different numbers; recorded in every manifest. @since 0.1.0 */
export const ENGINE_REVISION = 7
