/**
 * PROJECT-ASSETS-PRIVATE (API map row 20): PHI may only live in private assets, so every asset in
 * the build is private unless listed in hipaa.config.json publicAssetsAllowlist (never PHI).
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { builtListing } from './project-files';

export const meta: RuleMeta = {
  id: 'PROJECT-ASSETS-PRIVATE',
  title: 'Every asset in the build is private (or allowlisted as public, non-PHI)',
  severity: 'required',
  product: 'project',
  source: 'S4 "Assets" (PHI only in Private Assets); API map row 20',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'offline',
  remediation: 'Rename the asset to name.private.ext, or add its path to publicAssetsAllowlist if it can never hold PHI.',
  fixable: false,
  messages: {
    noBuildFoundRunNpm: 'no build found (run npm run build)',
    noAssets: 'no assets',
    private: 'private',
    allowlistedPublicAsset: 'allowlisted public asset',
    asset: '{{access}} asset',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const listing = await builtListing(ctx);
    if (!listing) return [finding(meta, ctx, 'unknown', { message: 'noBuildFoundRunNpm' })];
    if (listing.assets.length === 0) return [finding(meta, ctx, 'pass', { message: 'noAssets' })];
    const allow = new Set(ctx.config.publicAssetsAllowlist ?? []);
    return listing.assets.map((a) => {
      const ok = a.access === 'private' || allow.has(a.path);
      return finding(meta, ctx, ok ? 'pass' : 'fail', {
        resource: `project:${a.path}`,
        reason: ok ? (a.access === 'private' ? 'private' : 'allowlisted public asset') : `${a.access} asset`,
        evidence: { access: a.access },
      });
    });
  },
};
