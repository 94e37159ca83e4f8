/**
 * The two Verify v2 calls the endpoints make, behind a small interface so the cores can be tested
 * with a stub. The adapter takes anything shaped like the twilio client's `verify.v2` (the real
 * client, or a stub in unit tests).
 */
export type VerifyChannel = 'sms' | 'call';

export interface VerifyApi {
  /** Starts (or re-sends) a verification; resolves with its VE SID and status. */
  start(to: string, channel: VerifyChannel): Promise<{ sid: string; status: string }>;
  /** Checks a code; resolves with the verification's status (`approved` when the code was right). */
  check(to: string, code: string): Promise<{ status: string }>;
}

/** The slice of the twilio client used here. */
export interface VerifyClientLike {
  verify: {
    v2: {
      services(sid: string): {
        verifications: { create(opts: { to: string; channel: string }): Promise<{ sid: string; status: string }> };
        verificationChecks: { create(opts: { to: string; code: string }): Promise<{ status: string }> };
      };
    };
  };
}

export function twilioVerifyApi(client: VerifyClientLike, serviceSid: string): VerifyApi {
  const service = () => client.verify.v2.services(serviceSid);
  return {
    start: async (to, channel) => {
      const v = await service().verifications.create({ to, channel });
      return { sid: v.sid, status: v.status };
    },
    check: async (to, code) => {
      const c = await service().verificationChecks.create({ to, code });
      return { status: c.status };
    },
  };
}
