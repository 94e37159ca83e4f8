/**
 * The local-profile QueueStore: one FileKv record per item, named by a zero-padded time, counter
 * and pid index so a sorted directory listing is the queue order. Local profile only, like FileKv.
 */
import { readdirSync } from 'node:fs';
import { FileKv } from './file-kv';
import { StoreError } from './kv';
import type { QueueItem, QueueStore } from './queue';

const INDEX = /^q[0-9]{16}[0-9]{6}[0-9]{7}$/;
/** Orders appends within one millisecond of one process; the pid keeps processes apart. */
let sequence = 0;

export class FileQueue<T> implements QueueStore<T> {
  readonly kind = 'file' as const;
  private readonly kv: FileKv<T>;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.kv = new FileKv<T>(dir, now);
  }

  async append(value: T): Promise<string> {
    for (let tries = 0; tries < 5; tries += 1) {
      sequence = (sequence + 1) % 1_000_000;
      const index = `q${String(this.now()).padStart(16, '0')}${String(sequence).padStart(6, '0')}${String(process.pid % 10_000_000).padStart(7, '0')}`;
      if ((await this.kv.write(index, value, null)) === 'ok') return index;
    }
    throw new StoreError(true, null);
  }

  async head(limit: number): Promise<QueueItem<T>[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const indexes = names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter((n) => INDEX.test(n))
      .sort()
      .slice(0, limit);
    const out: QueueItem<T>[] = [];
    for (const index of indexes) {
      const found = await this.kv.read(index);
      if (found !== null) out.push({ index, value: found.value, revision: found.revision });
    }
    return out;
  }

  update(index: string, value: T, revision: string): Promise<'ok' | 'conflict'> {
    return this.kv.write(index, value, revision);
  }

  remove(index: string): Promise<void> {
    return this.kv.remove(index);
  }
}
