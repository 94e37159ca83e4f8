/**
 * Is a directory a hipaa-safe-messaging project? Every checkout (and fork) has package.json and the
 * committed hipaa.config.example.jsonc at its root; twilio-run deploys the directory it runs in (or
 * --cwd), so no walking up. Two existsSync calls: cheap enough for a hook on every `twilio` run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PROJECT_MARKER = 'hipaa.config.example.jsonc';

export function isHipaaProject(dir: string): boolean {
  return existsSync(join(dir, PROJECT_MARKER)) && existsSync(join(dir, 'package.json'));
}
