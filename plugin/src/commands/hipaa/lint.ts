import { FLOW_LINT_FLAGS } from '../../../../src/tooling/lint/cli/flow-cli';
import { MESSAGE_LINT_FLAGS } from '../../../../src/tooling/lint/cli/message-cli';
import { cliFlags, HipaaCommand, outputFlag } from '../../base';
import { oclifFlags } from '../../flags';

const SPEC = { ...FLOW_LINT_FLAGS, ...MESSAGE_LINT_FLAGS };

export default class HipaaLint extends HipaaCommand {
  static override description = `Lint Studio flow definitions (flow FILE...) or a message / reminder-templates file (message "TEXT" | --file FILE) for PHI.
Exit codes: 0 clean (warnings allowed) / PHI-free, 1 errors found / not PHI-free, 2 unreadable or invalid input, or usage error.`;

  static override strict = false;

  static override args = [
    { name: 'LINTER', description: 'flow or message', required: true, options: ['flow', 'message'] },
    { name: 'INPUT', description: 'flow: FILE...; message: "TEXT"', required: false },
  ];

  static override flags = { ...cliFlags(), ...oclifFlags(SPEC), output: outputFlag(['json', 'sarif']) };

  override async run(): Promise<void> {
    await this.runCore('lint', SPEC, () => false);
  }
}
