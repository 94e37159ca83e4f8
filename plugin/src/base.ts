/**
 * What every `twilio hipaa:*` command shares: the CLI's own flags (-p/--profile, -l, --silent) with
 * `-o/--output` narrowed to the formats the command has; the CLI profile's credentials handed to
 * our command layer as the variables it already reads (never printed, never in argv); the command
 * layer (dist/core.js) loaded only when a command runs; our exit codes as the process's.
 */
import { Flags } from '@oclif/core';
import { baseCommands } from '@twilio/cli-core';
import { join } from 'node:path';
import type { FlagSpecs } from '../../src/tooling/cli/args';
import type * as Core from './core';
import { specValues } from './flags';
import { profileEnv } from './profile';

const { TwilioClientCommand } = baseCommands;

/** The CLI's flags without its `-o` (cli-output-format): each command declares its own `-o`. */
export function cliFlags(): Record<string, unknown> {
  const flags = { ...(TwilioClientCommand.flags as Record<string, unknown>) };
  delete flags['cli-output-format'];
  return flags;
}

/** `-o/--output`: `columns` (the default, our text/table output) or the named machine formats. */
export function outputFlag(formats: readonly string[]) {
  return Flags.string({ char: 'o', description: 'Format of command output.', options: ['columns', ...formats], default: 'columns' });
}

/** Our format name for the CLI's `-o` value (`columns` is our text output). */
export function formatOf(output: unknown): string {
  return output === 'columns' || output === undefined ? 'text' : String(output);
}

export abstract class HipaaCommand extends TwilioClientCommand {
  /** The command layer, bundled once in dist/core.js (commands stay small: the CLI lists them fast). */
  protected core(): typeof Core {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(join(__dirname, '..', '..', 'core.js')) as typeof Core;
  }

  /** oclif's parse again, for the positional arguments and the raw argv (TwilioClientCommand keeps only flags). */
  protected async parsedArgv(): Promise<{ flags: Record<string, unknown>; argv: string[] }> {
    const parsed = await this.parse(this.constructor as Parameters<typeof this.parse>[0]);
    return { flags: parsed.flags as Record<string, unknown>, argv: parsed.argv };
  }

  /**
   * The CLI's own start (flags, config, logger) and, when the command needs an account, the
   * profile's credentials (-p/--profile, else the environment's, else the active profile; the CLI
   * refuses when there is none). Without an account (lint, --offline): no profile is needed.
   */
  protected async start(needsAccount: boolean): Promise<Record<string, string>> {
    if (!needsAccount) return {};
    await super.run();
    return profileEnv(this.currentProfile);
  }

  /** Hands oclif's values to the command layer and ends with its exit code. */
  protected async runCore(
    name: keyof Pick<typeof Core, 'preflight' | 'sid' | 'lint' | 'flows' | 'deploy' | 'optout'>,
    spec: FlagSpecs,
    needsAccount: (flags: Record<string, unknown>) => boolean,
  ): Promise<void> {
    const { flags, argv } = await this.parsedArgv();
    const credentials = await this.start(needsAccount(flags));
    const { raw, counts } = specValues(spec, flags, this.argv);
    const code = await this.core()[name]({
      command: `hipaa:${name}`,
      raw,
      counts,
      positionals: argv,
      format: formatOf(flags.output),
      cwd: process.cwd(),
      credentials,
    });
    this.done(code);
  }

  /**
   * Our exit code as the process's (0: a normal return). Not this.exit(): under twilio-cli it ends
   * in oclif's error handler, which prints "Error: EEXIT: n" after our own message.
   */
  protected done(code: number): void {
    if (code !== 0) process.exit(code);
  }
}
