/**
 * Engine selection: which compute engine runs a search, and why. TensorFlow.js is the built-in engine, so `auto`
 * resolves to it; its backend (tfjs-node-gpu, tfjs-node, wasm, cpu) is chosen inside it.
 */
import type { ModelGraph } from '../../model/graph.js';
import type { EngineChoice } from '../../protocol/settings.js';
import type { EngineInfo } from '../../protocol/types.js';
import { initBackend } from '../tfjs/backend.js';
import { createTfjsTrainer } from '../tfjs/trainer.js';
import type { Trainer } from '../trainer.js';

export type TrainerFactory = (choice: EngineChoice, graph: ModelGraph) => Promise<Trainer>;

/** The engine `choice` resolves to on this machine, with the reason; initialises its backend. */
export async function probeEngine(_choice: EngineChoice): Promise<EngineInfo> {
  return initBackend();
}

/** A trainer for `graph` on the engine `choice` resolves to. */
export const createTrainer: TrainerFactory = (_choice, graph) => createTfjsTrainer(graph);
