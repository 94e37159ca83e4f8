/**
 * README's Layout section matches the tree: every path it names exists, and every folder directly
 * under src/runtime/, src/tooling/ and test/ (and every top-level folder the repo tracks) is named
 * there, so a folder added or moved without updating the README fails here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('\n## ', readme.indexOf('## Layout') + 1));

/** Table rows: the backticked path in the first cell, and the backticked names in the second. */
const rows = layout
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map((l) => {
    const [, first = '', second = ''] = l.split('|');
    return { path: /`([^`]+)`/.exec(first)?.[1] ?? '', names: [...second.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string) };
  });

const subfolders = (dir: string): string[] => readdirSync(join(ROOT, dir)).filter((n) => statSync(join(ROOT, dir, n)).isDirectory());

describe("README's Layout section", () => {
  test('has a row for the runtime, the tooling and every top-level folder git tracks', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    const topFolders = [...new Set(tracked.filter((f) => f.includes('/') && !f.startsWith('.')).map((f) => f.slice(0, f.indexOf('/'))))];
    const named = rows.map((r) => r.path.replace(/\/$/, ''));
    for (const folder of [...topFolders.filter((f) => f !== 'src'), 'src/runtime', 'src/tooling'])
      expect({ folder, named: named.includes(folder) }).toEqual({ folder, named: true });
  });

  test('every path in the first column exists', () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const { path } of rows) expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });

  test.each(['src/runtime', 'src/tooling', 'test'])('every folder under %s is named in its row, and every name there exists', (dir) => {
    const names = rows.filter((r) => r.path.replace(/\/$/, '') === dir).flatMap((r) => r.names);
    const folders = subfolders(dir);
    for (const folder of folders)
      expect({ folder: `${dir}/${folder}`, named: names.includes(`${folder}/`) }).toEqual({ folder: `${dir}/${folder}`, named: true });
    for (const name of names.filter((n) => /^[a-z-]+\/$/.test(n)))
      expect({ name: `${dir}/${name}`, exists: existsSync(join(ROOT, dir, name)) }).toEqual({ name: `${dir}/${name}`, exists: true });
  });
});
