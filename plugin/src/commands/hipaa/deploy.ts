import { DEPLOY_FLAGS } from '../../../../src/tooling/deploy/args';
import { cliFlags, HipaaCommand } from '../../base';
import { oclifFlags } from '../../flags';

export default class HipaaDeploy extends HipaaCommand {
  static override description = `The gated deploy (npm run deploy): guards, build, typecheck, offline-check tests, offline and account preflight, gated build, twilio-run deploy, live verification, smoke test, wiring; stops at the first failure.
Runs inside a hipaa-safe-messaging project, with the project's own toolchain. It deploys with the credentials in the deploy env file and refuses when the CLI profile names another account.
Exit codes: 0 deployed and verified, 1 a check or guard failed (nothing deployed), 2 usage or config error, 3 a required check could not be verified (nothing deployed), 4 twilio-run deploy failed, 5 deployed but the live verification or smoke test failed, 6 deployed and verified, wiring failed.`;

  static override strict = true;

  static override flags = { ...cliFlags(), ...oclifFlags(DEPLOY_FLAGS) };

  override async run(): Promise<void> {
    await this.runCore('deploy', DEPLOY_FLAGS, () => true);
  }
}
