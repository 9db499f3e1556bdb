/** Typed reading of the `netadjust.*` settings for a scope (the checks and defaults are in runs/configValues.ts). */
import * as vscode from 'vscode';
import { configFromValues, type Config } from './runs/configValues.js';

export { ENGINE_CHOICES } from '../protocol/settings.js';
export { TFJS_BACKENDS, type Config, type TfjsBackendSetting } from './runs/configValues.js';

/** The settings for `scope` (a model file: folder settings apply), each checked and defaulted. */
export function readConfig(scope?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration('netadjust', scope);
  return configFromValues((key) => c.get(key));
}
