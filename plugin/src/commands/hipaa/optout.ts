import { OPTOUT_FLAGS } from '../../../../src/tooling/cli/optout-core';
import { cliFlags, HipaaCommand, outputFlag } from '../../base';
import { oclifFlags } from '../../flags';

export default class HipaaOptout extends HipaaCommand {
  static override description = `A number's opt-out state and the ledger's identity: status|set|clear <E.164>, init, migrate (see npm run -s optout -- --help for every option).
Runs inside a hipaa-safe-messaging project (its ledger settings). Exit codes: 0 done, 1 refused, 2 usage, 3 the ledger could not be read or written (unknown: treat the number as opted out).`;

  static override strict = false;

  static override args = [
    {
      name: 'COMMAND',
      description: 'status, set, clear, init or migrate',
      required: true,
      options: ['status', 'set', 'clear', 'init', 'migrate'],
    },
    { name: 'NUMBER', description: 'status / set / clear: the E.164 number', required: false },
  ];

  static override flags = { ...cliFlags(), ...oclifFlags(OPTOUT_FLAGS), output: outputFlag(['json']) };

  override async run(): Promise<void> {
    await this.runCore('optout', OPTOUT_FLAGS, () => true);
  }
}
