/**
 * Engine selection: which compute engine runs a search, and why.
 * - `tfjs`: TensorFlow.js, its backend chosen inside it (tfjs-node-gpu, tfjs-node, wasm, cpu).
 * - `torch`: PyTorch in a Python worker; an error saying what to install when no Python has torch ≥ 1.13.
 * - `auto`: tfjs-node-gpu when it is installed and a GPU is visible, else PyTorch when importable (on its GPU
 *   first), else TensorFlow.js' best CPU backend. The reason names what was found and what was passed over.
 */
import type { ModelGraph } from '../../model/graph.js';
import type { EngineChoice } from '../../protocol/settings.js';
import type { EngineInfo } from '../../protocol/types.js';
import { initBackend } from '../tfjs/backend.js';
import { cudaGpuVisible, loadNative } from '../tfjs/nodeBindings.js';
import { createTfjsTrainer } from '../tfjs/trainer.js';
import { findTorchPython, type PythonOptions, type TorchPython } from '../torch/python.js';
import { createTorchTrainer } from '../torch/trainer.js';
import type { Trainer } from '../trainer.js';

export type TrainerFactory = (choice: EngineChoice, graph: ModelGraph) => Promise<Trainer>;

/** What a choice resolves to on this machine. */
export type Selection =
  | { readonly engine: 'tfjs'; readonly backend?: 'node-gpu'; readonly reason: string }
  | { readonly engine: 'torch'; readonly python: TorchPython; readonly reason: string };

const selections = new Map<EngineChoice, Promise<Selection>>();

/** Resolves `choice` once per process (asking Python for torch takes a second or two). */
export function selectEngine(choice: EngineChoice): Promise<Selection> {
  let selection = selections.get(choice);
  if (!selection) {
    selection = resolveEngine(choice);
    selections.set(choice, selection);
    // A failed probe (a Python that hung) may succeed later: do not remember failures.
    selection.catch(() => selections.delete(choice));
  }
  return selection;
}

/** What `choice` resolves to, asked afresh; `python` says where to look for a Python with torch. */
export async function resolveEngine(choice: EngineChoice, python: PythonOptions = {}): Promise<Selection> {
  switch (choice) {
    case 'tfjs':
      return { engine: 'tfjs', reason: 'requested (--engine tfjs)' };
    case 'torch': {
      const search = await findTorchPython(python);
      if (!search.ok) {
        throw new Error(`the PyTorch engine was requested, but ${search.message}`);
      }
      return { engine: 'torch', python: search.found, reason: 'requested (--engine torch)' };
    }
    case 'auto':
      return chooseAutomatically(python);
    default:
      throw new Error(`unknown engine '${String(choice)}': use auto, tfjs or torch`);
  }
}

async function chooseAutomatically(python: PythonOptions): Promise<Selection> {
  const passed: string[] = [];
  if (!cudaGpuVisible(python.env ?? process.env)) {
    passed.push('tfjs-node-gpu: no CUDA GPU visible');
  } else {
    const native = loadNative('@tensorflow/tfjs-node-gpu');
    // Installed is not enough: its CUDA and cuDNN versions must match the machine's, which only starting it shows.
    const started = native.ok ? await initBackend({ backend: 'node-gpu' }).then(() => undefined, (e: Error) => e.message) : native.reason;
    if (native.ok && started === undefined) {
      return { engine: 'tfjs', backend: 'node-gpu', reason: `auto: tfjs-node-gpu ${native.version} is installed and a CUDA GPU is visible` };
    }
    passed.push(`tfjs-node-gpu: ${started}`);
  }
  const search = await findTorchPython(python);
  if (search.ok) {
    const t = search.found;
    const device = t.cuda ? `CUDA GPU ${t.gpu ?? ''}`.trim() : t.mps ? 'Apple MPS' : 'CPU';
    return { engine: 'torch', python: t, reason: `auto: PyTorch ${t.torch} is importable (${device}); passed over ${passed.join('; ')}` };
  }
  passed.push(`PyTorch: ${search.rejected.join('; ') || 'no Python found'} (to use it: apt-get install -y python3-torch, or pip install torch)`);
  return { engine: 'tfjs', reason: `auto: the built-in TensorFlow.js; passed over ${passed.join('; ')}` };
}

/** The engine `choice` resolves to on this machine, with the reason; initialises a tfjs backend when that is it. */
export async function probeEngine(choice: EngineChoice): Promise<EngineInfo> {
  const s = await selectEngine(choice);
  if (s.engine === 'torch') {
    const t = s.python;
    return { engine: 'torch', backend: t.cuda ? 'cuda' : t.mps ? 'mps' : 'cpu', version: t.torch, reason: `${s.reason}; ${t.executable} (Python ${t.python}, ${t.source})` };
  }
  const info = await initBackend(s.backend ? { backend: s.backend } : {});
  return { ...info, reason: `${s.reason}; ${info.reason}` };
}

/** A trainer for `graph` on the engine `choice` resolves to. */
export const createTrainer: TrainerFactory = async (choice, graph) => {
  const s = await selectEngine(choice);
  if (s.engine === 'torch') {
    return createTorchTrainer(graph, { python: s.python, reason: s.reason });
  }
  return createTfjsTrainer(graph, { ...(s.backend ? { backend: s.backend } : {}), reason: s.reason });
};
