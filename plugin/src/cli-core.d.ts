/** The parts of @twilio/cli-core (plain JavaScript, no types) this plugin uses. */
declare module '@twilio/cli-core' {
  import type { Command } from '@oclif/core';

  export interface CliProfile {
    id: string;
    accountSid: string;
    apiKey: string;
    apiSecret: string;
    region?: string;
  }

  export class TwilioClientCommand extends Command {
    static flags: Record<string, unknown>;
    flags: Record<string, unknown>;
    currentProfile: CliProfile;
    run(): Promise<unknown>;
  }

  interface UserConfig {
    getProfileById(id?: string): CliProfile | undefined;
  }

  export const baseCommands: { TwilioClientCommand: typeof TwilioClientCommand };
  export const services: {
    config: { Config: new (configDir: string) => { load(): Promise<UserConfig> } };
  };
}
