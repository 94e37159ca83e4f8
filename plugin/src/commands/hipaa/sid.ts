import { SID_FLAGS } from '../../../../src/tooling/sid/args';
import { cliFlags, HipaaCommand, outputFlag } from '../../base';
import { oclifFlags } from '../../flags';

export default class HipaaSid extends HipaaCommand {
  static override description = `PHI-free troubleshooting by SID for support staff: what each SID is, its state and the Monitor alerts about it, ending with a ticket snippet.
Exit codes: 0 every SID found, 1 a SID was not found in the account, 2 usage error or a malformed / unsupported SID, 3 a SID could not be checked.`;

  static override strict = false;

  static override args = [{ name: 'SID', description: 'one or more SIDs (SM…, CA…, FN…, …)', required: false }];

  static override flags = { ...cliFlags(), ...oclifFlags(SID_FLAGS), output: outputFlag(['json']) };

  override async run(): Promise<void> {
    await this.runCore('sid', SID_FLAGS, () => true);
  }
}
