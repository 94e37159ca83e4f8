/**
 * The one argument parser and the one usage error of every command-line tool here (npm scripts and
 * the Twilio CLI plugin). A command declares its flags once, as data (a FlagSpec per flag); then:
 * - the npm scripts tokenise argv with node:util parseArgs (strict) through parseCommandLine;
 * - the plugin lets oclif tokenise (it must: -p/--profile and --help are oclif's) with flags
 *   generated from the same declaration (plugin/src/flags.ts), and hands the values to checkValues.
 * Both end in checkValues: defaults, integer ranges, choices, repeats; a command's own builder then
 * adds its cross-flag rules and returns the typed arguments. Errors name the flag and never echo a
 * value (a value may be a phone number or a message).
 */
import { parseArgs as tokenize } from 'node:util';

export class UsageError extends Error {}

interface Common {
  /** One line for --help (npm usage texts and the plugin's flag help). */
  description: string;
  /** One-letter alias (npm scripts only; the plugin keeps the CLI's own letters). */
  short?: string;
}
export type FlagSpec =
  | (Common & { kind: 'boolean' })
  | (Common & { kind: 'string'; default?: string; choices?: readonly string[]; multiple?: boolean; valueName?: string })
  | (Common & { kind: 'integer'; default?: number; min: number; max: number; valueName?: string });

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface CommandLineSpec {
  flags: FlagSpecs;
  /** Positional arguments allowed (default none). */
  positionals?: boolean;
}

/** Flag values by flag name (as typed on the command line, kebab-case), defaults applied. */
export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export interface CommandLine {
  values: FlagValues;
  positionals: string[];
  /** Flags given explicitly (not defaulted). */
  given: ReadonlySet<string>;
}

/**
 * `--help` / `-h` in a flag position: the caller prints the usage and exits 0 (nothing else is
 * checked). With the flags declared, a value-taking flag's value (`--ref -h`) is not a flag position.
 */
export function wantsHelp(argv: readonly string[], flags?: FlagSpecs): boolean {
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') return true;
    const spec = flags && a.startsWith('--') && !a.includes('=') ? flags[a.slice(2)] : undefined;
    if (spec !== undefined && spec.kind !== 'boolean') i += 1;
  }
  return false;
}

/** The flag a node:util error is about, when it is one of ours (its message quotes the flag only). */
function flagIn(message: string, flags: FlagSpecs): string | undefined {
  const m = /'--([a-z0-9-]+)/.exec(message);
  return m?.[1] !== undefined && m[1] in flags ? m[1] : undefined;
}

/**
 * Checks raw flag values (strings from either tokeniser; booleans; arrays for `multiple`) against
 * the declaration and applies defaults. `counts` (from the tokeniser) refuses a single-valued flag
 * given twice.
 */
export function checkValues(
  flags: FlagSpecs,
  raw: Readonly<Record<string, unknown>>,
  counts: ReadonlyMap<string, number> = new Map(),
): { values: FlagValues; given: Set<string> } {
  const values: FlagValues = {};
  const given = new Set<string>();
  for (const [name, spec] of Object.entries(flags)) {
    const value = raw[name];
    if ((counts.get(name) ?? 0) > 1 && !(spec.kind === 'string' && spec.multiple)) throw new UsageError(`--${name} given twice`);
    if (value === undefined) {
      if (spec.kind === 'boolean') values[name] = false;
      else if (spec.kind === 'string' && spec.multiple) values[name] = [];
      else values[name] = spec.default;
      continue;
    }
    given.add(name);
    if (spec.kind === 'boolean') {
      if (typeof value !== 'boolean') throw new UsageError(`--${name} takes no value`);
      values[name] = value;
    } else if (spec.kind === 'integer') {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) throw new UsageError(`invalid --${name}`);
      values[name] = n;
    } else {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((v): v is string => typeof v === 'string' && v !== '')) throw new UsageError(`invalid --${name}`);
      if (spec.choices && !list.every((v) => spec.choices?.includes(v)))
        throw new UsageError(`invalid --${name}: one of ${spec.choices.join(', ')}`);
      if (!spec.multiple && list.length > 1) throw new UsageError(`--${name} given twice`);
      values[name] = spec.multiple ? list : list[0];
    }
  }
  for (const name of Object.keys(raw)) if (!(name in flags) && raw[name] !== undefined) throw new UsageError('unknown argument');
  return { values, given };
}

/** Parses argv (after the command word, if any) against a declaration; throws UsageError. */
export function parseCommandLine(spec: CommandLineSpec, argv: readonly string[]): CommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    options[name] = {
      type: f.kind === 'boolean' ? 'boolean' : 'string',
      ...(f.kind === 'string' && f.multiple ? { multiple: true } : {}),
      ...(f.short ? { short: f.short } : {}),
    };
  }
  let parsed;
  try {
    parsed = tokenize({ args: [...argv], options, strict: true, allowPositionals: spec.positionals === true, tokens: true });
  } catch (err) {
    // Not `instanceof Error`: node's own errors come from another realm under jest.
    const { code, message } = err as { code?: unknown; message?: unknown };
    const flag = flagIn(typeof message === 'string' ? message : '', spec.flags);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
      throw new UsageError(spec.flags[flag]?.kind === 'boolean' ? `--${flag} takes no value` : `--${flag} needs a value`);
    }
    throw new UsageError('unknown argument');
  }
  const counts = new Map<string, number>();
  for (const t of parsed.tokens ?? []) if (t.kind === 'option') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const { values, given } = checkValues(spec.flags, parsed.values, counts);
  return { values, positionals: parsed.positionals, given };
}

/** `  --flag VALUE   description` lines for a usage text, from the declaration. */
export function describeFlags(flags: FlagSpecs, width = 24): string {
  return Object.entries(flags)
    .map(([name, f]) => {
      const value = f.kind === 'boolean' ? '' : f.kind === 'string' && f.choices ? ` ${f.choices.join('|')}` : ` ${f.valueName ?? 'VALUE'}`;
      return `  ${`--${name}${value}`.padEnd(width)} ${f.description}${f.kind === 'string' && f.multiple ? ' (repeatable)' : ''}`;
    })
    .join('\n');
}

/**
 * Checked values back into argv (`--flag value`, repeatable flags once per value, booleans only
 * when true, defaults left out): for handing typed arguments to the project's own script in a
 * child process (the plugin's hipaa:deploy and hipaa:optout run the project's toolchain).
 */
export function toArgv(flags: FlagSpecs, values: FlagValues, given: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name of Object.keys(flags)) {
    const v = values[name];
    if (!given.has(name) || v === undefined || v === false) continue;
    if (v === true) out.push(`--${name}`);
    else for (const one of Array.isArray(v) ? v : [v]) out.push(`--${name}=${String(one)}`);
  }
  return out;
}
