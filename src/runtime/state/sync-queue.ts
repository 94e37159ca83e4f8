/** QueueStore on a Twilio Sync List: items are appended, leased with If-Match and removed when done. */
import type { Twilio } from 'twilio';
import { asRestError, CODE_COLLECTION_EXISTS, CODE_LIST_REVISION_MISMATCH, CODE_NOT_FOUND, toStoreError } from './sync-errors';
import type { QueueItem, QueueStore } from './queue';

export class SyncQueue<T> implements QueueStore<T> {
  readonly kind = 'sync' as const;

  constructor(
    private readonly client: Twilio,
    private readonly serviceSid: string,
    readonly listName: string,
  ) {}

  private get items() {
    return this.client.sync.v1.services(this.serviceSid).syncLists(this.listName).syncListItems;
  }

  async append(value: T): Promise<string> {
    try {
      return String((await this.items.create({ data: value })).index);
    } catch (err) {
      if (asRestError(err).code !== CODE_NOT_FOUND) throw toStoreError(err);
    }
    await this.createList();
    try {
      return String((await this.items.create({ data: value })).index);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async head(limit: number): Promise<QueueItem<T>[]> {
    try {
      const page = await this.items.page({ order: 'asc', pageSize: limit });
      return page.instances.map((i) => ({ index: String(i.index), value: i.data as T, revision: i.revision }));
    } catch (err) {
      if (asRestError(err).code === CODE_NOT_FOUND) return [];
      throw toStoreError(err);
    }
  }

  async update(index: string, value: T, revision: string): Promise<'ok' | 'conflict'> {
    try {
      await this.items(Number(index)).update({ data: value, ifMatch: revision });
      return 'ok';
    } catch (err) {
      const { code } = asRestError(err);
      if (code === CODE_LIST_REVISION_MISMATCH || code === CODE_NOT_FOUND) return 'conflict';
      throw toStoreError(err);
    }
  }

  async remove(index: string): Promise<void> {
    try {
      await this.items(Number(index)).remove();
    } catch (err) {
      if (asRestError(err).code !== CODE_NOT_FOUND) throw toStoreError(err);
    }
  }

  private async createList(): Promise<void> {
    try {
      await this.client.sync.v1.services(this.serviceSid).syncLists.create({ uniqueName: this.listName });
    } catch (err) {
      if (asRestError(err).code !== CODE_COLLECTION_EXISTS) throw toStoreError(err);
    }
  }
}
