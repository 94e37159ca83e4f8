/**
 * The project's Functions as twilio-run names them, from functions/**\/*.ts: URL path and
 * visibility from the file name (`functions/optout/guard.protected.ts` → `/optout/guard`,
 * protected). The flow linter needs the protected paths; `flows render --local` the whole map.
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
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** Path → visibility (`protected`, `private` or `public`). */
export function projectFunctions(root: string): Map<string, string> {
  const base = join(root, 'functions');
  const out = new Map<string, string>();
  for (const file of walk(base)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()) {
    const rel = relative(base, file).split(sep).join('/').replace(/\.ts$/, '');
    const m = /^(.*?)(?:\.(protected|private))?$/.exec(rel);
    out.set(`/${m?.[1] ?? rel}`, m?.[2] ?? 'public');
  }
  return out;
}

export function protectedFunctionPaths(root: string): Set<string> {
  return new Set([...projectFunctions(root)].filter(([, visibility]) => visibility === 'protected').map(([path]) => path));
}
