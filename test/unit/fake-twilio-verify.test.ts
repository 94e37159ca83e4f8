/**
 * Fake Twilio: Verify v2 verifications and verification checks, driven through the real twilio SDK.
 */
import twilio from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/verify/v2/service';
import { VERIFY_SERVICES, fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { expectViolations, rawRequest, restError } from '../fake-twilio/test-utils';

const TO = '+15005550121';
const TO_2 = '+15005550122';
const TEN_MINUTES = 10 * 60 * 1000;

let fake: FakeTwilio;
let client: twilio.Twilio;
let serviceSid: string;

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 9 });
  client = fakeTwilioClient(fake);
  serviceSid = fake.verify.createService('Clinic login');
});

afterEach(async () => {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    await fake.close();
  }
});

const svc = (): ServiceContext => client.verify.v2.services(serviceSid);
const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('fake twilio: Verify verifications', () => {
  it('starts a pending verification with a seeded 6-digit code and records the send', async () => {
    expect(serviceSid).toMatch(/^VA[0-9a-f]{32}$/);
    const v = await svc().verifications.create({ to: TO, channel: 'sms' });
    expect(v.sid).toMatch(/^VE[0-9a-f]{32}$/);
    expect(v).toMatchObject({
      serviceSid,
      accountSid: fake.accountSid,
      to: TO,
      channel: 'sms',
      status: 'pending',
      valid: false,
      amount: null,
      payee: null,
    });
    expect(v.url).toBe(`https://verify.twilio.com/v2/Services/${serviceSid}/Verifications/${v.sid}`);
    expect(v.sendCodeAttempts).toEqual([
      { attempt_sid: expect.stringMatching(/^VL[0-9a-f]{32}$/), channel: 'sms', time: expect.any(String) },
    ]);
    expect(v.dateCreated).toBeInstanceOf(Date);
    const code = fake.verify.codeFor(serviceSid, TO);
    expect(code).toMatch(/^\d{6}$/);
    expect(fake.verify.sends()).toEqual([{ serviceSid, channel: 'sms', to: TO }]);
    expect(fake.verify.codeFor(serviceSid, TO_2)).toBeUndefined();
  });

  it('re-sends on the same verification (same SID and code) and can switch to a call', async () => {
    const first = await svc().verifications.create({ to: TO, channel: 'sms' });
    const code = fake.verify.codeFor(serviceSid, TO);
    const again = await svc().verifications.create({ to: TO, channel: 'call' });
    expect(again.sid).toBe(first.sid);
    expect(again.channel).toBe('call');
    expect(again.sendCodeAttempts.map((a: { channel: string }) => a.channel)).toEqual(['sms', 'call']);
    expect(fake.verify.codeFor(serviceSid, TO)).toBe(code);
    expect((await svc().verifications(first.sid).fetch()).status).toBe('pending');
    expect(fake.verify.sends().map((s) => s.channel)).toEqual(['sms', 'call']);
  });

  it('draws codes from the seeded PRNG: same seed, same codes', async () => {
    const codes = async (f: FakeTwilio): Promise<(string | undefined)[]> => {
      const c = fakeTwilioClient(f);
      const sid = f.verify.createService();
      await c.verify.v2.services(sid).verifications.create({ to: TO, channel: 'sms' });
      await c.verify.v2.services(sid).verifications.create({ to: TO_2, channel: 'sms' });
      return [f.verify.codeFor(sid, TO), f.verify.codeFor(sid, TO_2)];
    };
    const again = await startFakeTwilio({ seed: 9 });
    const other = await startFakeTwilio({ seed: 10 });
    try {
      const first = await codes(fake);
      expect(first[0]).not.toBe(first[1]);
      expect(await codes(again)).toEqual(first);
      expect(await codes(other)).not.toEqual(first);
      expect([...again.violations, ...other.violations]).toEqual([]);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('rejects channels the fake does not deliver, a bad To and missing parameters with 400 / 60200', async () => {
    for (const channel of ['email', 'whatsapp', 'sna', 'pigeon']) {
      expect(await restError(svc().verifications.create({ to: TO, channel }))).toEqual({
        status: 400,
        code: 60200,
        moreInfo: 'https://www.twilio.com/docs/errors/60200',
      });
    }
    expect(await restError(svc().verifications.create({ to: '5005550121', channel: 'sms' }))).toMatchObject({ status: 400, code: 60200 });
    const uri = `https://verify.twilio.com/v2/Services/${serviceSid}/Verifications`;
    expect(await rawRequest(client, 'post', uri, { Channel: 'sms' })).toMatchObject({ status: 400, body: { code: 60200 } });
    expect(await rawRequest(client, 'post', uri, { To: TO })).toMatchObject({ status: 400, body: { code: 60200 } });
    expectViolations(
      fake,
      /CreateVerification .*missing required form parameter To$/,
      /CreateVerification .*missing required form parameter Channel$/,
    );
    fake.verify.markInvalid(TO_2);
    expect(await restError(svc().verifications.create({ to: TO_2, channel: 'call' }))).toMatchObject({ status: 400, code: 60200 });
    expect(fake.verify.sends()).toEqual([]);
  });

  it('refuses SMS to a landline with 60205 (HTTP 403, as Twilio documents) but calls it', async () => {
    fake.verify.markLandline(TO);
    expect(await restError(svc().verifications.create({ to: TO, channel: 'sms' }))).toEqual({
      status: 403,
      code: 60205,
      moreInfo: 'https://www.twilio.com/docs/errors/60205',
    });
    expect((await svc().verifications.create({ to: TO, channel: 'call' })).status).toBe('pending');
    expect(fake.verify.sends()).toEqual([{ serviceSid, channel: 'call', to: TO }]);
  });

  it('allows 5 sends per To in 10 minutes, then 429 / 60203', async () => {
    fake.clock.freeze();
    for (let i = 0; i < 5; i++) await svc().verifications.create({ to: TO, channel: 'sms' });
    expect(await restError(svc().verifications.create({ to: TO, channel: 'call' }))).toEqual({
      status: 429,
      code: 60203,
      moreInfo: 'https://www.twilio.com/docs/errors/60203',
    });
    expect((await svc().verifications.create({ to: TO_2, channel: 'sms' })).status).toBe('pending');
    const other = fake.verify.createService('other');
    expect((await client.verify.v2.services(other).verifications.create({ to: TO, channel: 'sms' })).status).toBe('pending');
    fake.clock.advance(TEN_MINUTES);
    expect((await svc().verifications.create({ to: TO, channel: 'sms' })).status).toBe('pending');
    expect(fake.verify.sends().filter((s) => s.to === TO && s.serviceSid === serviceSid)).toHaveLength(6);
  });

  it('answers 404 / 20404 for a missing service or verification', async () => {
    const missing = client.verify.v2.services('VA' + '0'.repeat(32));
    expect(await restError(missing.verifications.create({ to: TO, channel: 'sms' }))).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(missing.verificationChecks.create({ to: TO, code: '123456' }))).toMatchObject({ status: 404, code: 20404 });
    expect(
      await restError(
        svc()
          .verifications('VE' + '0'.repeat(32))
          .fetch(),
      ),
    ).toMatchObject({ status: 404, code: 20404 });
  });

  it('cancels or approves a pending verification by update; finished ones are gone (404)', async () => {
    const v = await svc().verifications.create({ to: TO, channel: 'sms' });
    expect((await svc().verifications(v.sid).update({ status: 'canceled' })).status).toBe('canceled');
    expect(await restError(svc().verifications(v.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(svc().verificationChecks.create({ to: TO, code: '000000' }))).toMatchObject({ status: 404, code: 20404 });
    const next = await svc().verifications.create({ to: TO, channel: 'sms' });
    expect(next.sid).not.toBe(v.sid);
    expect((await svc().verifications(next.sid).update({ status: 'approved' })).valid).toBe(true);
  });

  it('serves services seeded into fake.resources and lists helper-created ones through a collection', async () => {
    fake.addCollections([
      {
        name: VERIFY_SERVICES,
        host: 'verify.twilio.com',
        spec: 'twilio_verify_v2',
        style: 'v1',
        list: '/v2/Services',
        item: '/v2/Services/:Sid',
        key: 'services',
      },
    ]);
    const listed = await client.verify.v2.services.list();
    expect(listed.map((s) => [s.sid, s.friendlyName, s.codeLength])).toEqual([[serviceSid, 'Clinic login', 6]]);
    const seededSid = 'VA' + 'd'.repeat(32);
    fake.resources.add(VERIFY_SERVICES, { ...fake.resources.all(VERIFY_SERVICES)[0], sid: seededSid, code_length: 8 });
    await client.verify.v2.services(seededSid).verifications.create({ to: TO, channel: 'sms' });
    expect(fake.verify.codeFor(seededSid, TO)).toMatch(/^\d{8}$/);
  });
});

describe('fake twilio: Verify verification checks', () => {
  it('approves the right code (by To or by VerificationSid); an approved verification is gone', async () => {
    const v = await svc().verifications.create({ to: TO, channel: 'sms' });
    const code = fake.verify.codeFor(serviceSid, TO) as string;
    const res = await svc().verificationChecks.createWithHttpInfo({ to: TO, code });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      sid: v.sid,
      serviceSid,
      accountSid: fake.accountSid,
      to: TO,
      channel: 'sms',
      status: 'approved',
      valid: true,
    });
    expect(fake.verify.codeFor(serviceSid, TO)).toBeUndefined();
    expect(await restError(svc().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 404, code: 20404 });

    const v2 = await svc().verifications.create({ to: TO_2, channel: 'call' });
    const check = await svc().verificationChecks.create({ verificationSid: v2.sid, code: fake.verify.codeFor(serviceSid, TO_2) as string });
    expect(check).toMatchObject({ status: 'approved', valid: true, channel: 'call' });
  });

  it('keeps a verification pending on a wrong code; the 5th wrong code ends it and further checks get 429 / 60202', async () => {
    const v = await svc().verifications.create({ to: TO, channel: 'sms' });
    const code = fake.verify.codeFor(serviceSid, TO) as string;
    for (let i = 1; i <= 4; i++) {
      expect(await svc().verificationChecks.create({ to: TO, code: wrongCode(code) })).toMatchObject({ status: 'pending', valid: false });
    }
    expect(await svc().verificationChecks.create({ to: TO, code: wrongCode(code) })).toMatchObject({
      status: 'max_attempts_reached',
      valid: false,
    });
    expect(await restError(svc().verificationChecks.create({ to: TO, code }))).toEqual({
      status: 429,
      code: 60202,
      moreInfo: 'https://www.twilio.com/docs/errors/60202',
    });
    expect((await svc().verifications(v.sid).fetch()).status).toBe('max_attempts_reached');
    // A new send starts a new verification with a new code.
    const fresh = await svc().verifications.create({ to: TO, channel: 'sms' });
    expect(fresh.sid).not.toBe(v.sid);
    expect((await svc().verificationChecks.create({ to: TO, code: fake.verify.codeFor(serviceSid, TO) as string })).status).toBe(
      'approved',
    );
  });

  it('expires a verification 10 minutes after it was created (fake clock)', async () => {
    await svc().verifications.create({ to: TO, channel: 'sms' });
    const code = fake.verify.codeFor(serviceSid, TO) as string;
    fake.clock.advance(TEN_MINUTES - 1000);
    expect(fake.verify.codeFor(serviceSid, TO)).toBe(code);
    fake.clock.advance(1000);
    expect(await restError(svc().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 404, code: 20404 });
  });

  it('answers 404 / 20404 without a pending verification and 400 / 60200 without Code or To', async () => {
    expect(await restError(svc().verificationChecks.create({ to: TO, code: '123456' }))).toMatchObject({ status: 404, code: 20404 });
    await svc().verifications.create({ to: TO, channel: 'sms' });
    expect(await restError(svc().verificationChecks.create({ to: TO }))).toMatchObject({ status: 400, code: 60200 });
    expect(await restError(svc().verificationChecks.create({ code: '123456' }))).toMatchObject({ status: 400, code: 60200 });
    expect(await restError(svc().verificationChecks.create({ verificationSid: 'VE' + '1'.repeat(32), code: '123456' }))).toMatchObject({
      status: 404,
      code: 20404,
    });
  });
});
