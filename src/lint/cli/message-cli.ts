/** STUB: replaced by the message linter's CLI. */
import type { CliIo } from './io';

export async function runMessageLintCli(_argv: readonly string[], io: CliIo): Promise<number> {
  io.err('not implemented yet');
  return 2;
}
