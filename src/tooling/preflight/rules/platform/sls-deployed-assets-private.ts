/**
 * SLS-DEPLOYED-ASSETS-PRIVATE (API map row 20): PHI may only live in private assets, so every Asset
 * version in a deployed Build is private unless its path is in hipaa.config.json
 * publicAssetsAllowlist (assets that can never hold PHI). Visibility is compared case-insensitively.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { serverlessState } from './serverless-data';

export const meta: RuleMeta = {
  id: 'SLS-DEPLOYED-ASSETS-PRIVATE',
  title: 'Every deployed Asset is private (or allowlisted as public, non-PHI)',
  severity: 'required',
  product: 'serverless',
  source: 'S4 "Assets" (PHI only in Private Assets); API map row 20',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Asset versions are immutable: rename the file to name.private.ext (or add its path to publicAssetsAllowlist if it can never hold PHI), rebuild and redeploy.',
  fixable: false,
  messages: {
    private: 'private',
    allowlistedPublicAsset: 'allowlisted public asset',
    buildDoesNotState: 'the build does not state the asset visibility',
    deployedPublicAssetThat: 'deployed public asset that is not allowlisted',
    deployedAssetThatNot: 'deployed asset that is not private',
    noDeployedAssets: 'no deployed assets',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { builds } = await serverlessState(ctx);
    const allow = new Set(ctx.config.publicAssetsAllowlist ?? []);
    const out: Finding[] = [];
    for (const build of builds) {
      for (const asset of build.assets) {
        const allowlisted = asset.path !== null && allow.has(asset.path);
        const evidence = {
          service: build.serviceSid,
          build: build.buildSid,
          asset: asset.resourceSid,
          visibility: asset.visibility,
          allowlisted,
        };
        const resource = asset.sid ?? asset.resourceSid;
        if (asset.visibility === 'private') out.push(finding(meta, ctx, 'pass', { resource, message: 'private', evidence }));
        else if (allowlisted) out.push(finding(meta, ctx, 'pass', { resource, message: 'allowlistedPublicAsset', evidence }));
        else if (asset.visibility === null) out.push(finding(meta, ctx, 'unknown', { resource, message: 'buildDoesNotState', evidence }));
        else
          out.push(
            finding(meta, ctx, 'fail', {
              resource,
              reason:
                asset.visibility === 'public' ? 'deployed public asset that is not allowlisted' : 'deployed asset that is not private',
              evidence,
            }),
          );
      }
    }
    if (out.length === 0) return [finding(meta, ctx, 'pass', { message: 'noDeployedAssets' })];
    return out;
  },
};
