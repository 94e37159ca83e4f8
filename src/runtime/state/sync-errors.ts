/** Twilio REST errors → StoreError (transient: 429, 5xx, no answer at all). Safe codes only. */
import { StoreError } from './kv';

export const CODE_NOT_FOUND = 20404;
/** If-Match revision mismatch: 54205 for Map items, 54155 for List items. */
export const CODE_REVISION_MISMATCH = 54205;
export const CODE_LIST_REVISION_MISMATCH = 54155;
export const CODE_ITEM_EXISTS = 54208;
export const CODE_COLLECTION_EXISTS = 54301;

export interface RestLikeError {
  status?: number;
  code?: number;
}

export function asRestError(err: unknown): RestLikeError {
  return typeof err === 'object' && err !== null ? (err as RestLikeError) : {};
}

export function toStoreError(err: unknown): StoreError {
  const { status, code } = asRestError(err);
  if (typeof status === 'number') {
    const transient = status === 429 || status >= 500;
    return new StoreError(transient, typeof code === 'number' ? code : status);
  }
  // No HTTP status: a network error or timeout before any answer.
  return new StoreError(true, null);
}
