/**
 * `--target-macs 0.5 | 20M | 1.5G`: the `targetMacs` setting (a ratio in (0, 1] or a MAC count; see
 * src/engine/budget/target.ts). The engine checks the target against the model and refuses one it cannot meet.
 */
import { parseTarget, settingFromTarget, TargetSyntaxError, type Target } from '../engine/budget/target.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';

export function targetMacsSetting(raw: string): number {
  let target: Target;
  try {
    target = parseTarget(raw);
  } catch (e) {
    throw e instanceof TargetSyntaxError ? new CliError(e.message, EXIT_BAD_INPUT) : e;
  }
  // A ratio above 1 has no setting (it would read as a MAC count), so it is refused here rather than in the engine.
  if (target.kind === 'ratio' && target.value > 1) {
    throw new CliError(
      `the target (${target.value}× the network's MACs) is larger than the network; netadjust shrinks or keeps, it does not grow the budget (--target-macs takes a ratio in (0, 1] or a MAC count like 20M)`,
      EXIT_BAD_INPUT,
    );
  }
  return settingFromTarget(target);
}
