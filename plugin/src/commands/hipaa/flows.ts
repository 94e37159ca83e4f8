import { FLOWS_FLAGS } from '../../../../src/tooling/flows/args';
import { cliFlags, HipaaCommand } from '../../base';
import { oclifFlags } from '../../flags';

const SPEC = { ...FLOWS_FLAGS.render, ...FLOWS_FLAGS.deploy, ...FLOWS_FLAGS.purge };

export default class HipaaFlows extends HipaaCommand {
  static override description = `Fill the Studio flow templates in flows/ for the deployed Functions (render), deploy them to Studio (deploy: linter, FlowValidate, create or update), or delete their ended executions (purge).
Runs inside a hipaa-safe-messaging project. Exit codes: 0 ok, 1 a flow could not be rendered, validated or deployed, 2 usage, credentials or deployment info.`;

  static override strict = false;

  static override args = [
    { name: 'COMMAND', description: 'render, deploy or purge', required: true, options: ['render', 'deploy', 'purge'] },
  ];

  static override flags = { ...cliFlags(), ...oclifFlags(SPEC) };

  override async run(): Promise<void> {
    await this.runCore('flows', SPEC, () => true);
  }
}
