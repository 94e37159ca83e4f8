/**
 * Our flag declarations (src/tooling/cli/args.ts FlagSpecs) as oclif flags, and oclif's parsed values
 * back into the shape the shared checkValues expects: one declaration per command, one check.
 * oclif only tokenises (every value stays a string; no oclif defaults or choices), so a bad value
 * gets the same usage error as in the npm scripts. Twilio CLI conventions rename some flags:
 * `-p/--profile` is the CLI profile (credentials), so our deployment profile is `--hipaa-profile`;
 * `-o/--output` is the output format, so the preflight's report file is `--output-file`.
 */
import { Flags, type Interfaces } from '@oclif/core';
import type { FlagSpecs } from '../../src/tooling/cli/args';

/** Spec flag name → plugin flag name; null: not a plugin flag (e.g. `format`, which is -o). */
export type Renames = Readonly<Record<string, string | null>>;

export const RENAMES: Renames = { profile: 'hipaa-profile', format: null, output: 'output-file', help: null };

function pluginName(name: string, renames: Renames): string | null {
  return name in renames ? (renames[name] ?? null) : name;
}

// oclif's flag builders return very wide types; the plugin only needs them as a record.
type AnyFlag = Interfaces.CompletableFlag<unknown>;

export function oclifFlags(spec: FlagSpecs, renames: Renames = RENAMES): Record<string, AnyFlag> {
  const out: Record<string, AnyFlag> = {};
  for (const [name, f] of Object.entries(spec)) {
    const as = pluginName(name, renames);
    if (as === null) continue;
    const description = f.description;
    if (f.kind === 'boolean') out[as] = Flags.boolean({ description }) as AnyFlag;
    else if (f.kind === 'string' && f.multiple)
      out[as] = Flags.string({ description, multiple: true, helpValue: f.valueName ?? 'VALUE' }) as AnyFlag;
    else
      out[as] = Flags.string({
        description,
        helpValue: f.valueName ?? (f.kind === 'string' && f.choices ? f.choices.join('|') : 'VALUE'),
      }) as AnyFlag;
  }
  return out;
}

/** oclif's parsed values keyed by spec names again, and how often each flag was typed in argv. */
export function specValues(
  spec: FlagSpecs,
  flags: Readonly<Record<string, unknown>>,
  argv: readonly string[],
  renames: Renames = RENAMES,
): { raw: Record<string, unknown>; counts: Map<string, number> } {
  const raw: Record<string, unknown> = {};
  const counts = new Map<string, number>();
  for (const name of Object.keys(spec)) {
    const as = pluginName(name, renames);
    if (as === null) continue;
    raw[name] = flags[as];
    counts.set(name, argv.filter((a) => a === `--${as}` || a.startsWith(`--${as}=`)).length);
  }
  return { raw, counts };
}
