/**
 * The gate's step runner: steps run in order, each printed as `[n/N] name` with its outcome; the
 * first failure stops the chain with its exit code. A step that throws fails with a fixed message
 * (never the error's text: it may carry anything) unless it threw a StepError, whose message the
 * step wrote itself from SIDs, rule ids, file and variable names.
 */

export type DeployExit = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export class StepError extends Error {
  constructor(
    message: string,
    readonly exitCode: Exclude<DeployExit, 0>,
    readonly lines: readonly string[] = [],
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export interface Step {
  name: string;
  /** Exit code when the step throws something other than a StepError. */
  failCode: Exclude<DeployExit, 0>;
  /** Returns the detail for the `ok` line; throws StepError to stop the chain. */
  run(): Promise<string>;
}

export interface StepOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface ChainResult {
  exitCode: DeployExit;
  /** Names of the steps that ran (the last one failed when exitCode ≠ 0). */
  ran: string[];
}

export async function runSteps(steps: readonly Step[], out: StepOutput): Promise<ChainResult> {
  const ran: string[] = [];
  for (const [i, step] of steps.entries()) {
    ran.push(step.name);
    out.stdout(`[${i + 1}/${steps.length}] ${step.name}\n`);
    try {
      const detail = await step.run();
      out.stdout(`      ok: ${detail}\n`);
    } catch (err) {
      const e = err instanceof StepError ? err : new StepError(`${step.name} failed unexpectedly`, step.failCode);
      const lines = e.lines.length > 0 ? `${e.lines.join('\n')}\n` : '';
      out.stderr(`${lines}      FAILED (exit ${e.exitCode}): ${e.message}\n`);
      out.stderr(`Stopped at step ${i + 1}/${steps.length} (${step.name}).${e.exitCode < 4 ? ' Nothing was deployed.' : ''}\n`);
      return { exitCode: e.exitCode, ran };
    }
  }
  return { exitCode: 0, ran };
}
