import { PREFLIGHT_FLAGS } from '../../../../src/tooling/preflight/cli/args';
import { cliFlags, HipaaCommand, outputFlag } from '../../base';
import { oclifFlags } from '../../flags';

const SPEC = PREFLIGHT_FLAGS;

export default class HipaaPreflight extends HipaaCommand {
  static override description = `Check a Twilio account's HIPAA designation and settings (and, inside a hipaa-safe-messaging project, the project) before deploying.
Outside a project the project checks are skipped (reported as skip) and the account checks run.
Exit codes: 0 all required checks passed, 1 a required check failed, 2 usage/config error, 3 a required check could not be verified (or the account was not checked).`;

  static override strict = true;

  static override flags = { ...cliFlags(), ...oclifFlags(SPEC), output: outputFlag(['json', 'sarif', 'html']) };

  override async run(): Promise<void> {
    await this.runCore('preflight', SPEC, (flags) => flags.offline !== true);
  }
}
