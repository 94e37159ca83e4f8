/**
 * A durable FIFO of records (Sync List items when deployed, files under the local profile), used as
 * an outbox: append first, deliver, remove only once delivered. Items carry revisions so a worker
 * can lease one with a compare-and-swap update before delivering it.
 */
export interface QueueItem<T> {
  /** Position in the queue, unique and increasing (a Sync List item index). */
  index: string;
  value: T;
  revision: string;
}

export interface QueueStore<T> {
  readonly kind: 'sync' | 'file';
  append(value: T): Promise<string>;
  /** The oldest `limit` items, oldest first. */
  head(limit: number): Promise<QueueItem<T>[]>;
  /** Replaces an item if its revision still matches. */
  update(index: string, value: T, revision: string): Promise<'ok' | 'conflict'>;
  /** Removes an item (no error when already gone). */
  remove(index: string): Promise<void>;
}
