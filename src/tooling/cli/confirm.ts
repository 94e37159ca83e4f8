/** A y/N question on stderr, answered on stdin (the `--fix` and `--wire` confirmations). */
import { createInterface } from 'node:readline/promises';

export async function confirmOnStdin(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
