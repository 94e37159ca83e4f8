/**
 * What `preflight init` writes: hipaa.config.json as a commented copy of
 * hipaa.config.example.jsonc holding the answers (the reader is JSON5, so the file keeps the
 * example's explanations next to each fact), and a commented .env.deploy skeleton from
 * .env.example with every value empty except LEDGER_BACKEND=sync.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { INIT_COMMAND, parseHipaaConfig, type HipaaConfig } from '../../config/hipaa-config';
import { annotate, render } from './jsonc';

export const CONFIG_FILE = 'hipaa.config.json';
export const DEPLOY_ENV_FILE = '.env.deploy';
export const CONFIG_EXAMPLE = 'hipaa.config.example.jsonc';
export const ENV_EXAMPLE = '.env.example';

const CONFIG_HEADER = [
  `// hipaa.config.json — what no Twilio API exposes. Written by \`${INIT_COMMAND}\` from`,
  '// hipaa.config.example.jsonc with your answers: review them.',
];

/**
 * The config as commented JSON. Attestations left out get a comment line in their place, so a
 * reviewer sees what is still to be attested. The text is parsed back and must validate and equal
 * `config` (a rendering bug fails here, not in the preflight).
 */
export function renderConfig(config: HipaaConfig, exampleText: string): string {
  const ann = annotate(exampleText);
  const header = [
    ...CONFIG_HEADER,
    ...ann.header.filter((line) => !/^\/\/ hipaa\.config\.json/.test(line) && !/Copy to hipaa\.config\.json/.test(line)),
  ];
  const text = render(JSON.parse(JSON.stringify(config)), ann, {
    header,
    // The example's "replace with your account SID" no longer applies; "or ticket" only to self-service.
    dropTrailing: new Set([
      '/designations/0/accountSid',
      ...(config.designations[0]?.method === 'self-service' ? [] : ['/designations/0/method']),
    ]),
    omitted: (path, key) =>
      /^\/attestations\/[^/]+$/.test(path)
        ? `${JSON.stringify(key)}: not attested at init: its check reports unknown until attested here`
        : null,
  });
  if (!isDeepStrictEqual(parseHipaaConfig(text), JSON.parse(JSON.stringify(config))))
    throw new Error('the rendered hipaa config does not read back as written');
  return text;
}

const ENV_HEADER = [
  `# .env.deploy: the deploy environment. Written by \`${INIT_COMMAND}\` from .env.example:`,
  '# every value is empty except LEDGER_BACKEND=sync. Fill in what your deployment needs (each',
  '# variable says whether it is required). `npm run deploy` uploads every non-empty key as a Function',
  '# variable, and the preflight reads ACCOUNT_SID + AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)',
  '# from here. It holds secrets: it is git-ignored, keep it that way. Never deploy with .env.local.',
];

export class TemplateError extends Error {}

/**
 * .env.example's variables and comments, values emptied (LEDGER_BACKEND=sync). Its leading comment
 * block (about .env.local) is replaced. A line that is neither a comment, blank nor `KEY=value`
 * (e.g. a multi-line quoted value) is refused rather than guessed at.
 */
export function envSkeleton(exampleText: string): string {
  const lines = exampleText.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && lines[start]!.startsWith('#')) start += 1;
  const out = [...ENV_HEADER];
  for (const line of lines.slice(start)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      out.push(line);
      continue;
    }
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (!m) throw new TemplateError('.env.example has a line that is not a comment or KEY=value');
    out.push(`${m[1]}=${m[1] === 'LEDGER_BACKEND' ? 'sync' : ''}`);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Writes a new file; false when it already exists (never replaced). */
export function writeNew(path: string, text: string, mode = 0o644): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx', mode });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Replaces a file in one step (a temp file in the same directory, then rename). */
export function replaceFile(path: string, text: string, mode = 0o644): void {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.init.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
