/** The server's settings (`netadjust.codeLens.enabled`, `netadjust.inlayHints.enabled`), both on by default. */

export interface ServerSettings {
  readonly codeLens: boolean;
  readonly inlayHints: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { codeLens: true, inlayHints: true };

/**
 * Reads the `netadjust` section as `workspace/configuration` or `didChangeConfiguration` gives it: nested
 * (`{codeLens: {enabled}}`) or with dotted keys (`{'codeLens.enabled': …}`). Anything else keeps the default.
 */
export function readSettings(section: unknown): ServerSettings {
  const s = (typeof section === 'object' && section !== null ? section : {}) as Record<string, unknown>;
  const flag = (name: 'codeLens' | 'inlayHints'): boolean => {
    const nested = s[name];
    const value = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>)['enabled'] : s[`${name}.enabled`];
    return typeof value === 'boolean' ? value : DEFAULT_SETTINGS[name];
  };
  return { codeLens: flag('codeLens'), inlayHints: flag('inlayHints') };
}
