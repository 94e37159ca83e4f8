/**
 * Ledger identities for tests. Unit tests of other logic use `UNCHECKED_IDENTITY` explicitly; every
 * test that runs the real Functions (file or Sync ledger) sets the identity up as `optout init` would.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_KEY, newIdentity, type IdentityGuard } from '../../src/runtime/ledger/identity';

/** For unit tests whose subject is not the identity check: verification always passes. */
export const UNCHECKED_IDENTITY: IdentityGuard = { verify: async () => undefined };

/** Writes the file ledger's identity (as `optout init` / `npm start` would) unless one exists. */
export function initFileLedgerSync(dir: string, secret: string): void {
  const file = join(dir, `${IDENTITY_KEY}.json`);
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ revision: 'init', record: newIdentity({ layout: { backend: 'file' }, secret }, Date.now()) }));
}
