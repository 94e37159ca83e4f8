/** STUB: replaced by the flow linter's CLI. */
import type { CliIo } from './io';

export async function runFlowLintCli(_argv: readonly string[], io: CliIo): Promise<number> {
  io.err('not implemented yet');
  return 2;
}
