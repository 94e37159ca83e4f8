/**
 * `npm run -s preflight -- init`: writes hipaa.config.json (and a .env.deploy skeleton when there is
 * none) so the first preflight has the facts no API exposes. At a terminal it asks for every fact
 * not given as a flag, one question at a time, re-asking after an invalid answer; without one it
 * takes the facts as flags and refuses (usage, exit 2) when a required one is missing. It never
 * replaces hipaa.config.json without asking (terminal: y/N; otherwise only with --force) and never
 * replaces .env.deploy (it may hold the auth token).
 *
 * Exit codes: 0 written; 1 nothing written (declined, the file exists without --force, or the
 * account has no BAA or HIPAA designation yet); 2 usage error (nothing written).
 */
import { parseCommandLine, UsageError, type FlagSpecs } from '../../cli/args';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import JSON5 from 'json5';
import { checkAnswer, FACTS, localToday, buildConfig, type Answers, type Fact } from './facts';
import type { Prompter } from './prompt';
import { CONFIG_EXAMPLE, CONFIG_FILE, DEPLOY_ENV_FILE, ENV_EXAMPLE, envSkeleton, renderConfig, replaceFile, writeNew } from './writer';

export interface InitDeps {
  /** The toolkit's root: the examples are read from here, and files are written here unless --dir. */
  root: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input is a terminal: ask for what the flags do not give. */
  interactive: boolean;
  /** Needed when interactive. */
  prompter?: Prompter;
  /** YYYY-MM-DD (tests pin it). */
  today?: string;
}

export type InitExit = 0 | 1 | 2;

const MAX_TRIES = 5;

function factUsage(f: Fact): string {
  return `--${f.flag} ${f.placeholder}`;
}

function usageText(): string {
  const required = FACTS.filter((f) => f.required && !f.when);
  const conditional = FACTS.filter((f) => f.required && f.when);
  const optional = FACTS.filter((f) => !f.required);
  const wrap = (items: string[], indent: string): string => {
    const lines: string[] = [];
    let line = '';
    for (const item of items) {
      if (line && line.length + item.length + 1 > 96) {
        lines.push(line);
        line = '';
      }
      line = line ? `${line} ${item}` : item;
    }
    if (line) lines.push(line);
    return lines.map((l) => indent + l).join('\n');
  };
  return [
    'usage: npm run -s preflight -- init [--dir DIR] [--force] [FACTS...]',
    'Writes hipaa.config.json (a commented copy of hipaa.config.example.jsonc with your answers) and,',
    'when there is none, a .env.deploy skeleton from .env.example (values empty, LEDGER_BACKEND=sync).',
    'At a terminal it asks for each fact not given as a flag; otherwise the required flags must be given.',
    'required:',
    wrap(required.map(factUsage), '  '),
    'required after a yes (or --designation-method ticket):',
    wrap(conditional.map(factUsage), '  '),
    'optional attestations (left out: their checks report unknown until attested):',
    wrap(optional.map(factUsage), '  '),
    '--force  replace an existing hipaa.config.json without asking (.env.deploy is never replaced)',
    '--dir    write into DIR instead of the project root',
    'A "no" to --designated or --baa-signed writes nothing: those come first.',
    'exit codes: 0 written, 1 nothing written (declined, the file exists without --force, or no BAA or',
    '            designation yet), 2 usage error (a missing or invalid flag; nothing written)',
  ].join('\n');
}

export const INIT_USAGE = usageText();

const InitUsageError = UsageError;

interface InitArgs {
  help: boolean;
  force: boolean;
  dir?: string;
  given: Answers;
}

/** init's flags, declared once: --dir, --force, --help and one value flag per fact. */
export const INIT_FLAGS: FlagSpecs = {
  dir: { kind: 'string', valueName: 'DIR', description: 'write into DIR (default: the project)' },
  force: { kind: 'boolean', description: 'replace an existing hipaa.config.json without asking' },
  help: { kind: 'boolean', short: 'h', description: 'this usage' },
  ...Object.fromEntries(FACTS.map((f) => [f.flag, { kind: 'string', description: f.flag } as const])),
};

function parseInitArgs(argv: readonly string[]): InitArgs {
  const { values } = parseCommandLine({ flags: INIT_FLAGS }, argv);
  const args: InitArgs = { help: values.help === true, force: values.force === true, given: {} };
  if (typeof values.dir === 'string') args.dir = values.dir;
  for (const f of FACTS) if (typeof values[f.flag] === 'string') args.given[f.flag] = values[f.flag] as string;
  return args;
}

export async function runInitCli(argv: readonly string[], deps: InitDeps): Promise<InitExit> {
  const usage = (message: string): InitExit => {
    deps.stderr(`${message}\n${INIT_USAGE}\n`);
    return 2;
  };
  let args: InitArgs;
  try {
    args = parseInitArgs(argv);
  } catch (err) {
    return usage(err instanceof InitUsageError ? err.message : 'invalid arguments');
  }
  if (args.help) {
    deps.stdout(`${INIT_USAGE}\n`);
    return 0;
  }
  const today = deps.today ?? localToday();
  const dir = args.dir === undefined ? deps.root : isAbsolute(args.dir) ? args.dir : resolve(args.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return usage('--dir is not a directory');

  // Every fact given as a flag is checked first: an invalid one is a usage error, named by its flag.
  const answers: Answers = {};
  for (const fact of FACTS) {
    const raw = args.given[fact.flag];
    if (raw === undefined) continue;
    const value = checkAnswer(fact, raw, today);
    if (value === null) return usage(`invalid --${fact.flag}: ${fact.expect}`);
    answers[fact.flag] = value;
  }
  const interactive = deps.interactive && deps.prompter !== undefined;
  const configPath = join(dir, CONFIG_FILE);
  const exists = existsSync(configPath);
  if (exists && !args.force) {
    if (!interactive) {
      deps.stderr(`${CONFIG_FILE} exists: not replaced (use --force to replace it). Nothing written.\n`);
      return 1;
    }
    const answer = await deps.prompter!.ask(`${CONFIG_FILE} exists. Replace it? [y/N]`);
    if (answer === null || !/^y(es)?$/i.test(answer.trim())) {
      deps.stderr('Not replaced. Nothing written.\n');
      return 1;
    }
  }

  const missing: string[] = [];
  for (const fact of FACTS) {
    if (fact.when && !fact.when(answers)) continue;
    if (answers[fact.flag] === undefined) {
      if (!interactive) {
        if (fact.required) missing.push(`--${fact.flag}`);
        continue;
      }
      const value = await askFact(fact, deps.prompter!, deps.stderr, today);
      if (value === null) {
        deps.stderr('No valid answer. Nothing written.\n');
        return 2;
      }
      answers[fact.flag] = value;
    }
    if (fact.gate && answers[fact.flag] === 'no') {
      deps.stderr(`${fact.gate}\nNothing written.\n`);
      return 1;
    }
  }
  if (missing.length > 0) return usage(`missing required flags (not at a terminal, so nothing is asked): ${missing.join(' ')}`);

  let configText: string;
  let envText: string;
  try {
    const exampleText = readFileSync(join(deps.root, CONFIG_EXAMPLE), 'utf8');
    const config = buildConfig(answers, today, JSON5.parse(exampleText) as Record<string, unknown>);
    configText = renderConfig(config, exampleText);
    envText = envSkeleton(readFileSync(join(deps.root, ENV_EXAMPLE), 'utf8'));
  } catch {
    deps.stderr(`could not build the files from ${CONFIG_EXAMPLE} and ${ENV_EXAMPLE}. Nothing written.\n`);
    return 2;
  }

  if (exists) replaceFile(configPath, configText);
  else if (!writeNew(configPath, configText)) {
    deps.stderr(`${CONFIG_FILE} appeared meanwhile: not replaced. Nothing written.\n`);
    return 1;
  }
  const attestations = FACTS.filter((f) => f.attestation);
  const count = (v: string | undefined): number => attestations.filter((f) => answers[f.flag] === v).length;
  deps.stdout(
    `${exists ? 'replaced' : 'wrote'} ${CONFIG_FILE}: profile ${answers.profile}, 1 designated account, the BAA, ${count('yes')} attestations in place, ` +
      `${count('no')} not in place, ${attestations.length - count('yes') - count('no')} left out (their checks report unknown until attested).\n` +
      '  attestations.verifyFraudGuardOff is empty: add one entry per Verify Service once its Fraud Guard is off.\n',
  );
  // 0600: it will hold the auth token. An existing file is never touched.
  if (writeNew(join(dir, DEPLOY_ENV_FILE), envText, 0o600)) {
    deps.stdout(
      `wrote ${DEPLOY_ENV_FILE}: a skeleton with every value empty except LEDGER_BACKEND=sync; fill in ACCOUNT_SID, AUTH_TOKEN and the other required values.\n`,
    );
  } else deps.stdout(`kept the existing ${DEPLOY_ENV_FILE}.\n`);
  deps.stdout('Next: npm run -s preflight -- --offline (project checks), then npm run -s preflight (the account too).\n');
  return 0;
}

/** Asks until the answer is valid (at most MAX_TRIES times); null when the input ended. */
async function askFact(fact: Fact, prompter: Prompter, say: (text: string) => void, today: string): Promise<string | null> {
  const question = fact.required ? fact.question : `${fact.question.replace(/[?:]\s*$/, '')}? [yes|no, Enter to leave out]`;
  for (let i = 0; i < MAX_TRIES; i += 1) {
    const raw = await prompter.ask(
      fact.kind === 'yesno' && fact.required && !/\[yes\|no\]$/.test(question) ? `${question} [yes|no]` : question,
    );
    if (raw === null) return null;
    const value = checkAnswer(fact, raw, today);
    if (value !== null) return value;
    say(`  not valid: ${fact.expect}${fact.required ? '' : ' (or Enter to leave it out)'}\n`);
  }
  return null;
}
