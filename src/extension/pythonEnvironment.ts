/** The Python extension's active interpreter, for the PyTorch engine when no interpreter is set explicitly. */
import { PythonExtension } from '@vscode/python-extension';
import type * as vscode from 'vscode';

/** How long to wait for the Python extension to activate before going on without it. */
const LOOKUP_TIMEOUT_MS = 5000;

/** The interpreter path for `resource`, or undefined when the Python extension is absent, slow or has none. */
export async function activePythonPath(resource?: vscode.Uri): Promise<string | undefined> {
  try {
    const lookup = (async () => {
      const api = await PythonExtension.api();
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      return resolved?.executable.uri?.fsPath ?? active.path;
    })();
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), LOOKUP_TIMEOUT_MS));
    return await Promise.race([lookup, timeout]);
  } catch {
    // The Python extension is not installed (or not active): the engine falls back to python3 on the PATH.
    return undefined;
  }
}
