/**
 * Which Sync shard maps this container has seen to exist, and when (see sync-store.ts). Module-level:
 * a Function container keeps it across invocations, as it keeps the identity verification.
 */
const seen = new Map<string, number>();

export const shardMapsSeen = {
  at: (key: string): number | undefined => seen.get(key),
  set: (key: string, at: number): void => void seen.set(key, at),
  forget: (key: string): void => void seen.delete(key),
};

export function clearShardMapCache(): void {
  seen.clear();
}
