/** Failures the CLI reports as one clear message and an exit code, never a stack trace. */

/** Exit codes: 1 = the job failed, 2 = bad input (usage, unreadable or invalid model file). */
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message);
    this.exitCode = exitCode;
  }
}
