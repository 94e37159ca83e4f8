/**
 * One question at a time on a terminal: the question is written to `output`, the answer is the
 * next line of `input`. The terminal echoes what is typed (canonical mode), so nothing here repeats
 * an answer. Works the same on fake streams (tests) and a real TTY; `null` means the input ended.
 */
import { createInterface } from 'node:readline';

export interface Prompter {
  ask(question: string): Promise<string | null>;
  close(): void;
}

export function linePrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const buffered: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else buffered.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const next of waiting.splice(0)) next(null);
  });
  return {
    ask(question) {
      output.write(question.endsWith(' ') ? question : `${question} `);
      if (buffered.length > 0) return Promise.resolve(buffered.shift()!);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      rl.close();
    },
  };
}
