/**
 * Finding a Python that can run the PyTorch worker (Python ≥ 3.9 with torch ≥ 1.13 and numpy), in this order:
 * an explicit path (option), `NETADJUST_PYTHON` (the `netadjust.torch.pythonPath` setting, passed on by the
 * extension), `NETADJUST_PYTHON_EXTENSION` (the Python extension's active environment, passed on by the extension),
 * `python3` on the PATH, Debian's `/usr/bin/python3` (where `apt-get install python3-torch` puts torch, often not
 * the first `python3` on the PATH), `python`. Each candidate is asked once per process; the answer says what was
 * found, or why each candidate failed and what to install.
 */
import { execFile } from 'node:child_process';

export const MIN_PYTHON: readonly [number, number] = [3, 9];
export const MIN_TORCH: readonly [number, number] = [1, 13];

/** A Python that imports a usable torch. */
export interface TorchPython {
  /** The command to spawn (as given; `executable` is what it resolved to). */
  readonly command: string;
  /** Where the candidate came from, for people. */
  readonly source: string;
  readonly executable: string;
  readonly python: string;
  readonly torch: string;
  readonly cuda: boolean;
  readonly mps: boolean;
  /** The first CUDA device's name, when there is one. */
  readonly gpu?: string;
}

export type PythonSearch =
  | { readonly ok: true; readonly found: TorchPython; readonly rejected: readonly string[] }
  | { readonly ok: false; readonly rejected: readonly string[]; readonly message: string };

export interface PythonOptions {
  /** Tried first (a setting). */
  readonly pythonPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** false: only the explicit candidates (option and environment), not python3 / python on this machine. */
  readonly searchSystem?: boolean;
  /** Seconds a candidate may take to import torch (a cold import can take long on a slow disk). */
  readonly timeoutSeconds?: number;
}

/** Prints one JSON line: versions, and the accelerators torch can see, or why the import failed. */
const PROBE = [
  'import json, sys',
  'out = {"executable": sys.executable, "python": "%d.%d.%d" % sys.version_info[:3]}',
  'try:',
  '    import numpy, torch',
  '    out["torch"] = torch.__version__',
  '    out["cuda"] = bool(torch.cuda.is_available())',
  '    mps = getattr(torch.backends, "mps", None)',
  '    out["mps"] = bool(mps is not None and mps.is_available())',
  '    out["gpu"] = torch.cuda.get_device_name(0) if out["cuda"] else None',
  'except Exception as e:',
  '    out["error"] = "%s: %s" % (type(e).__name__, e)',
  'print(json.dumps(out))',
].join('\n');

export const INSTALL_HELP =
  "Install PyTorch ≥ 1.13 for a Python ≥ 3.9: on Debian or Ubuntu 'apt-get install -y python3-torch' (for /usr/bin/python3), " +
  "elsewhere 'pip install torch numpy' into the Python you use; then point netadjust at it with the netadjust.torch.pythonPath " +
  'setting or NETADJUST_PYTHON if it is not python3 on the PATH.';

/** The candidates in order, without repeats. */
export function pythonCandidates(options: PythonOptions = {}): { command: string; source: string }[] {
  const env = options.env ?? process.env;
  const list = [
    { command: options.pythonPath, source: 'the pythonPath option' },
    { command: env['NETADJUST_PYTHON'], source: 'NETADJUST_PYTHON' },
    { command: env['NETADJUST_PYTHON_EXTENSION'], source: "the Python extension's environment" },
    ...(options.searchSystem === false
      ? []
      : [
          { command: 'python3', source: 'python3 on the PATH' },
          ...(process.platform === 'win32' ? [] : [{ command: '/usr/bin/python3', source: "the system's /usr/bin/python3" }]),
          { command: 'python', source: 'python on the PATH' },
        ]),
  ];
  const seen = new Set<string>();
  return list.flatMap(({ command, source }) => {
    const c = command?.trim();
    if (!c || seen.has(c)) {
      return [];
    }
    seen.add(c);
    return [{ command: c, source }];
  });
}

const cache = new Map<string, Promise<PythonSearch>>();

/** The first candidate with a usable torch, or every candidate's reason; asked once per process per candidate list. */
export function findTorchPython(options: PythonOptions = {}): Promise<PythonSearch> {
  const candidates = pythonCandidates(options);
  const key = JSON.stringify(candidates);
  let search = cache.get(key);
  if (!search) {
    search = searchCandidates(candidates, (options.timeoutSeconds ?? 120) * 1000);
    cache.set(key, search);
  }
  return search;
}

async function searchCandidates(candidates: readonly { command: string; source: string }[], timeoutMs: number): Promise<PythonSearch> {
  const rejected: string[] = [];
  for (const candidate of candidates) {
    const answer = await ask(candidate.command, timeoutMs);
    const verdict = judge(candidate, answer);
    if (typeof verdict !== 'string') {
      return { ok: true, found: verdict, rejected };
    }
    rejected.push(`${candidate.command} (${candidate.source}): ${verdict}`);
  }
  return { ok: false, rejected, message: `no Python with PyTorch ≥ ${MIN_TORCH.join('.')} was found (${rejected.join('; ')}). ${INSTALL_HELP}` };
}

type ProbeAnswer = { executable?: string; python?: string; torch?: string; cuda?: boolean; mps?: boolean; gpu?: string | null; error?: string } | { spawnError: string };

function ask(command: string, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    // No shell: the command is one executable path, never parsed.
    execFile(command, ['-c', PROBE], { timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (error, stdout) => {
      const line = String(stdout).split('\n').find((l) => l.startsWith('{'));
      if (line) {
        try {
          resolve(JSON.parse(line) as ProbeAnswer);
          return;
        } catch {
          // Fall through to the process error.
        }
      }
      const code = (error as NodeJS.ErrnoException | null)?.code;
      resolve({ spawnError: code === 'ENOENT' ? 'not found' : error?.killed ? `no answer within ${timeoutMs / 1000} s` : (error?.message.split('\n')[0] ?? 'no answer') });
    });
  });
}

/** A usable Python, or why not. */
function judge(candidate: { command: string; source: string }, answer: ProbeAnswer): TorchPython | string {
  if ('spawnError' in answer) {
    return answer.spawnError;
  }
  const python = answer.python ?? '?';
  if (!atLeast(python, MIN_PYTHON)) {
    return `Python ${python} is older than ${MIN_PYTHON.join('.')}`;
  }
  if (answer.error !== undefined || answer.torch === undefined) {
    return `Python ${python} cannot import torch and numpy (${answer.error ?? 'no version'})`;
  }
  if (!atLeast(answer.torch, MIN_TORCH)) {
    return `torch ${answer.torch} is older than ${MIN_TORCH.join('.')}: upgrade it (pip install -U torch)`;
  }
  return {
    ...candidate,
    executable: answer.executable ?? candidate.command,
    python,
    torch: answer.torch,
    cuda: answer.cuda === true,
    mps: answer.mps === true,
    ...(answer.gpu ? { gpu: answer.gpu } : {}),
  };
}

/** `1.13.0a0+git…`, `2.3.1+cu121`: major.minor compared as numbers. */
export function atLeast(version: string, least: readonly [number, number]): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) {
    return false;
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > least[0] || (major === least[0] && minor >= least[1]);
}
