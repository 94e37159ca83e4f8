/**
 * Repo-wide invariants (in the spirit of function-templates' all-templates test), checked on the
 * built dist/ with the same listing code twilio-run deploys with:
 * every Function is protected (or private), every asset private, no TypeScript shipped, every
 * webhook goes through the shared wrapper, every environment variable is documented.
 */
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listFiles } from '../../scripts/build';
import { BLOCKER_DIR, hookProblems } from '../../src/tooling/deploy/hook';

const ROOT = join(__dirname, '..', '..');

describe('project invariants', () => {
  let listing: Awaited<ReturnType<typeof getListOfFunctionsAndAssets>>;
  beforeAll(async () => {
    listing = await getListOfFunctionsAndAssets(ROOT, { functionsFolderNames: ['dist/functions'], assetsFolderNames: ['dist/assets'] });
  });

  test('the build produced every Function source', () => {
    const sources = listFiles(join(ROOT, 'functions'), '.ts').map((f) => relative(join(ROOT, 'functions'), f).replace(/\.ts$/, '.js'));
    const built = listing.functions.map((f) => relative(join(ROOT, 'dist', 'functions'), f.filePath));
    expect(sources.length).toBeGreaterThan(0);
    expect(built.sort()).toEqual(sources.sort());
  });

  test('no Function is public: webhooks are protected, helpers private', () => {
    const publicOnes = listing.functions.filter((f) => f.access === 'public').map((f) => f.path);
    expect(publicOnes).toEqual([]);
    expect(listing.functions.map((f) => f.access)).toContain('protected');
  });

  test('no asset is public or protected, and no TypeScript is shipped', () => {
    expect(listing.assets.filter((a) => a.access !== 'private').map((a) => a.path)).toEqual([]);
    expect(listFiles(join(ROOT, 'dist', 'assets'), '.ts')).toEqual([]);
  });

  test('every protected Function source uses the shared signature-checking wrapper', () => {
    for (const file of listFiles(join(ROOT, 'functions'), '.protected.ts')) {
      const text = readFileSync(file, 'utf8');
      expect({ file: relative(ROOT, file), wrapped: /serverlessHandler\(/.test(text) }).toEqual({
        file: relative(ROOT, file),
        wrapped: true,
      });
    }
  });

  test('every Function takes its handler from where its URL says (src/runtime/<segment>/, named after the URL)', () => {
    for (const file of listFiles(join(ROOT, 'functions'), '.ts')) {
      const url = relative(join(ROOT, 'functions'), file).replace(/\.(protected|private)?\.?ts$/, '');
      const [segment, name] = url.split('/') as [string, string];
      const specName = `${`${segment}-${name}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Spec`;
      const text = readFileSync(file, 'utf8');
      const from = new RegExp(`import \\{[^}]*\\b${specName}\\b[^}]*\\} from '\\.\\./\\.\\./src/runtime/${segment}/(${name}-spec|spec)';`);
      expect({ url: `/${url}`, handlerWhereUrlSays: from.test(text) }).toEqual({ url: `/${url}`, handlerWhereUrlSays: true });
    }
  });

  test('every environment variable in the schema is documented in .env.example', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'env.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const undocumented = Object.keys(schema.properties).filter(
      (key) => !new RegExp(`^# ${key}\\n# description: `, 'm').test(example) || !new RegExp(`^${key}=`, 'm').test(example),
    );
    expect(undocumented).toEqual([]);
  });

  test('every file docs/controls.md names exists (requirement → rule → test stays one hop)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'controls.md'), 'utf8');
    const paths = [...doc.matchAll(/`((?:src|test|schemas|assets|scripts|functions)\/[^`*\s]+\.(?:ts|json))`/g)].map((m) => m[1] as string);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  test('@twilio/runtime-handler is pinned exactly in dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@twilio/runtime-handler']).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+$/);
  });

  test('deploys never read the local profile (.twilioserverlessrc)', () => {
    const text = readFileSync(join(ROOT, '.twilioserverlessrc'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const rc = JSON.parse(text) as { commands: Record<string, { env?: string; functionsFolder?: string; assetsFolder?: string }> };
    expect(rc.commands.start?.env).toBe('.env.local');
    expect(rc.commands.start?.functionsFolder).toBe('dist/functions');
    expect(rc.commands.deploy?.env).toBeDefined();
    expect(rc.commands.deploy?.env).not.toMatch(/\.env(\.local)?$/);
    // The deploy hook: direct deploys list only the blocker folder (test/deploy/hook.test.ts runs
    // twilio-run against it); `npm run deploy` passes dist/gated/ explicitly.
    expect(rc.commands.deploy?.functionsFolder).toBe(BLOCKER_DIR);
    expect(rc.commands.deploy?.assetsFolder).toBe(BLOCKER_DIR);
    expect(hookProblems(ROOT)).toEqual([]);
  });
});
