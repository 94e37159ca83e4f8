/** Project-side inputs for offline rules: the built output listing, env files, deploy info. */
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import type { RuleContext } from '../../types';

export interface BuiltResource {
  path: string;
  access: string;
}

export function builtListing(ctx: RuleContext): Promise<{ functions: BuiltResource[]; assets: BuiltResource[] } | null> {
  return ctx.cached('project:listing', async () => {
    if (!existsSync(join(ctx.project.root, 'dist', 'functions'))) return null;
    const listing = await getListOfFunctionsAndAssets(ctx.project.root, {
      functionsFolderNames: ['dist/functions'],
      assetsFolderNames: ['dist/assets'],
    });
    return {
      functions: listing.functions.map((f) => ({ path: f.path, access: f.access })),
      assets: listing.assets.map((a) => ({ path: a.path, access: a.access })),
    };
  });
}

/** `.twiliodeployinfo`: `{ "<AccountSid>[:region]": { serviceSid, latestBuild } }`. */
export function readDeployInfo(root: string): Record<string, { serviceSid?: string }> | null {
  const path = join(root, '.twiliodeployinfo');
  if (!existsSync(path)) return null;
  try {
    return JSON5.parse(readFileSync(path, 'utf8')) as Record<string, { serviceSid?: string }>;
  } catch {
    return {};
  }
}
