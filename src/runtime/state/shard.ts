/**
 * Which of `shards` Sync Maps an HMAC key lives in (Sync allows about 20 reads/s and 20 writes/s
 * per map): the opt-out ledger's shards and the sharded state collections use the same rule.
 */
export function shardOf(key: string, shards: number): number {
  return parseInt(key.slice(0, 8), 16) % shards;
}
