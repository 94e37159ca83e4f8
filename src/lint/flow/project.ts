/**
 * What the flow linter needs to know about the project: the URL paths of its protected Functions,
 * from functions/**\/*.protected.ts (`functions/optout/guard.protected.ts` → `/optout/guard`).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export function protectedFunctionPaths(root: string): Set<string> {
  const base = join(root, 'functions');
  return new Set(
    walk(base)
      .filter((f) => f.endsWith('.protected.ts'))
      .map((f) => `/${relative(base, f).split(sep).join('/').slice(0, -'.protected.ts'.length)}`),
  );
}
