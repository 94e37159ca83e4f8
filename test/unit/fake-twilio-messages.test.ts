/**
 * Fake Twilio: v2010 Messages (create / fetch / list / update: cancel and redact), driven through
 * the real twilio SDK.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import { fakeTwilioClient, RedirectingRequestClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { messageUpdates } from '../fake-twilio/messages-routes';
import { expectViolations, rawRequest, restError } from '../fake-twilio/test-utils';

const TO = '+15005550111';
const TO_2 = '+15005550112';
const FROM = '+15005550006';
const MG = 'MG' + 'a'.repeat(32);
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

let fake: FakeTwilio;
let client: twilio.Twilio;
let messagesUri: string;

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 5 });
  client = fakeTwilioClient(fake);
  messagesUri = `https://api.twilio.com/2010-04-01/Accounts/${fake.accountSid}/Messages.json`;
});

afterEach(async () => {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    await fake.close();
  }
});

describe('fake twilio: Messages create (happy paths)', () => {
  it('queues a message sent From a number, in the v2010 wire shape', async () => {
    const m = await client.messages.create({ to: TO, from: FROM, body: 'Your appointment is confirmed.' });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m).toMatchObject({
      accountSid: fake.accountSid,
      to: TO,
      from: FROM,
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      numMedia: '0',
      messagingServiceSid: null,
      apiVersion: '2010-04-01',
      errorCode: null,
      priceUnit: 'USD',
      dateSent: null,
    });
    expect(m.dateCreated).toBeInstanceOf(Date);
    expect(m.uri).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages/${m.sid}.json`);
    expect(m.subresourceUris).toEqual({
      media: `/2010-04-01/Accounts/${fake.accountSid}/Messages/${m.sid}/Media.json`,
      feedback: `/2010-04-01/Accounts/${fake.accountSid}/Messages/${m.sid}/Feedback.json`,
    });
    const [stored] = fake.messages.all();
    expect(stored?.date_created).toMatch(RFC_2822);
    expect(stored?.sid).toBe(m.sid);
    expect(fake.stats.created).toBe(1);
  });

  it('accepts a message for a Messaging Service (no sender yet: 0 segments)', async () => {
    const m = await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'Hello' });
    expect(m).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: MG, numSegments: '0' });
    const both = await client.messages.create({ to: TO, messagingServiceSid: MG, from: FROM, body: 'Hello' });
    expect(both).toMatchObject({ status: 'accepted', from: FROM, numSegments: '1' });
  });

  it('counts segments for long GSM-7 and UCS-2 bodies, and MMS media', async () => {
    expect((await client.messages.create({ to: TO, from: FROM, body: 'a'.repeat(161) })).numSegments).toBe('2');
    expect((await client.messages.create({ to: TO, from: FROM, body: 'ü'.repeat(160) })).numSegments).toBe('1');
    expect((await client.messages.create({ to: TO, from: FROM, body: '✓'.repeat(71) })).numSegments).toBe('2');
    const mms = await client.messages.create({
      to: TO,
      from: FROM,
      mediaUrl: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
    });
    expect(mms.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(mms).toMatchObject({ numMedia: '2', body: '' });
    const template = await client.messages.create({ to: TO, messagingServiceSid: MG, contentSid: 'HX' + 'b'.repeat(32) });
    expect(template.status).toBe('accepted');
  });

  it('schedules a message 15 minutes to 35 days ahead of the fake clock', async () => {
    fake.clock.freeze(new Date('2030-01-01T00:00:00Z'));
    const at = (seconds: number): Date => new Date(Date.parse('2030-01-01T00:00:00Z') + seconds * 1000);
    const early = await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', scheduleType: 'fixed', sendAt: at(900) });
    expect(early.status).toBe('scheduled');
    const late = await client.messages.create({
      to: TO,
      messagingServiceSid: MG,
      body: 'b',
      scheduleType: 'fixed',
      sendAt: at(35 * 86400),
    });
    expect(late.status).toBe('scheduled');
    expect(
      await restError(client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', scheduleType: 'fixed', sendAt: at(899) })),
    ).toEqual({
      status: 400,
      code: 35114,
      moreInfo: 'https://www.twilio.com/docs/errors/35114',
    });
    expect(
      await restError(
        client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', scheduleType: 'fixed', sendAt: at(35 * 86400 + 1) }),
      ),
    ).toMatchObject({
      status: 400,
      code: 35114,
    });
    fake.clock.advance(3600_000);
    expect(
      await restError(client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', scheduleType: 'fixed', sendAt: at(900) })),
    ).toMatchObject({
      code: 35114,
    });
  });

  it('accepts ContentRetention / AddressRetention only when the account has Message Redaction', async () => {
    const discard = { to: TO, from: FROM, body: 'b', contentRetention: 'discard' as const };
    const obfuscate = { to: TO, from: FROM, body: 'b', addressRetention: 'obfuscate' as const };
    expect(await restError(client.messages.create(discard))).toMatchObject({ status: 400, code: 30029 });
    expect(await restError(client.messages.create(obfuscate))).toMatchObject({ status: 400, code: 30030 });
    fake.messages.setRedactionEnabled(true);
    expect((await client.messages.create(discard)).status).toBe('queued');
    expect((await client.messages.create(obfuscate)).status).toBe('queued');
    expect(await rawRequest(client, 'post', messagesUri, { To: TO, From: FROM, Body: 'b', ContentRetention: 'keep' })).toMatchObject({
      status: 400,
      body: { code: 30029 },
    });
    expect(await rawRequest(client, 'post', messagesUri, { To: TO, From: FROM, Body: 'b', AddressRetention: 'hide' })).toMatchObject({
      status: 400,
      body: { code: 30030 },
    });
    expectViolations(
      fake,
      /malformed form parameter ContentRetention: must be equal to one of the allowed values/,
      /malformed form parameter AddressRetention: must be equal/,
    );
    fake.messages.setRedactionEnabled(false);
    expect(await restError(client.messages.create(discard))).toMatchObject({ code: 30029 });
  });
});

describe('fake twilio: Messages create (validation errors)', () => {
  it('requires a valid E.164 To (21604 missing, 21211 invalid)', async () => {
    expect(await rawRequest(client, 'post', messagesUri, { From: FROM, Body: 'b' })).toMatchObject({
      status: 400,
      body: { code: 21604, status: 400 },
    });
    for (const to of ['5005550111', '+0123', 'not-a-number', 'whatsapp:5005550111']) {
      expect(await restError(client.messages.create({ to, from: FROM, body: 'b' }))).toMatchObject({ status: 400, code: 21211 });
    }
    expectViolations(fake, /CreateMessage .*missing required form parameter To$/);
    expect((await client.messages.create({ to: `whatsapp:${TO}`, from: `whatsapp:${FROM}`, body: 'b' })).to).toBe(`whatsapp:${TO}`);
  });

  it('requires a sender (21603), a well-formed From (21212) and an MG SID (21705)', async () => {
    expect(await restError(client.messages.create({ to: TO, body: 'b' }))).toMatchObject({ status: 400, code: 21603 });
    expect(await restError(client.messages.create({ to: TO, from: '+1 (500) 555', body: 'b' }))).toMatchObject({
      status: 400,
      code: 21212,
    });
    expect(await restError(client.messages.create({ to: TO, messagingServiceSid: 'MG123', body: 'b' }))).toMatchObject({
      status: 400,
      code: 21705,
    });
    expectViolations(
      fake,
      /CreateMessage .*malformed form parameter MessagingServiceSid: must NOT have fewer than 34 characters/,
      /MessagingServiceSid: must match pattern/,
    );
    expect((await client.messages.create({ to: TO, from: 'Clinic', body: 'b' })).from).toBe('Clinic');
    expect((await client.messages.create({ to: TO, from: '55501', body: 'b' })).from).toBe('55501');
  });

  it('requires Body, MediaUrl or ContentSid (21602) and at most 1600 characters (21617)', async () => {
    expect(await restError(client.messages.create({ to: TO, from: FROM }))).toMatchObject({ status: 400, code: 21602 });
    expect(await restError(client.messages.create({ to: TO, from: FROM, body: '' }))).toMatchObject({ status: 400, code: 21602 });
    expect((await client.messages.create({ to: TO, from: FROM, body: 'x'.repeat(1600) })).numSegments).toBe('11');
    expect(await restError(client.messages.create({ to: TO, from: FROM, body: 'x'.repeat(1601) }))).toMatchObject({
      status: 400,
      code: 21617,
    });
  });

  it('requires an absolute http(s) StatusCallback with a valid hostname (21609)', async () => {
    for (const statusCallback of ['/status', 'ftp://hooks.example.com/s', 'https://bad_host.example.com/s', 'not a url']) {
      expect(await restError(client.messages.create({ to: TO, from: FROM, body: 'b', statusCallback }))).toMatchObject({
        status: 400,
        code: 21609,
      });
    }
    // '/status' and 'not a url' are not absolute URIs; the other two are URIs Twilio refuses anyway.
    expect(expectViolations(fake, /CreateMessage .*malformed form parameter StatusCallback: must match format "uri"/)).toHaveLength(2);
    expect(
      (await client.messages.create({ to: TO, from: FROM, body: 'b', statusCallback: 'https://hooks.example.com/status?x=1' })).status,
    ).toBe('queued');
  });

  it('validates scheduling: fixed only (35126), needs a Messaging Service (35118) and SendAt (35111)', async () => {
    const sendAt = new Date(Date.now() + 3600_000);
    expect(await restError(client.messages.create({ to: TO, from: FROM, body: 'b', scheduleType: 'fixed', sendAt }))).toMatchObject({
      status: 400,
      code: 35118,
    });
    expect(await restError(client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', scheduleType: 'fixed' }))).toMatchObject({
      status: 400,
      code: 35111,
    });
    expect(
      await rawRequest(client, 'post', messagesUri, {
        To: TO,
        MessagingServiceSid: MG,
        Body: 'b',
        ScheduleType: 'later',
        SendAt: sendAt.toISOString(),
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 35126 },
    });
    expect(
      await rawRequest(client, 'post', messagesUri, {
        To: TO,
        MessagingServiceSid: MG,
        Body: 'b',
        ScheduleType: 'fixed',
        SendAt: 'tomorrow',
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 35114 },
    });
    expectViolations(
      fake,
      /CreateMessage .*malformed form parameter ScheduleType: must be equal/,
      /CreateMessage .*malformed form parameter SendAt: must match format "date-time"/,
    );
    // SendAt without ScheduleType is not a scheduled message.
    expect((await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b', sendAt })).status).toBe('accepted');
  });

  it('fails a recipient blocked for a sender with 21610, like STOP filtering', async () => {
    fake.messages.block(TO, MG);
    fake.messages.block(TO_2, FROM);
    expect(await restError(client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b' }))).toEqual({
      status: 400,
      code: 21610,
      moreInfo: 'https://www.twilio.com/docs/errors/21610',
    });
    expect(await restError(client.messages.create({ to: TO, messagingServiceSid: MG, from: '+15005550007', body: 'b' }))).toMatchObject({
      code: 21610,
    });
    expect(await restError(client.messages.create({ to: TO_2, from: FROM, body: 'b' }))).toMatchObject({ code: 21610 });
    expect((await client.messages.create({ to: TO, from: FROM, body: 'b' })).status).toBe('queued');
    expect((await client.messages.create({ to: TO_2, messagingServiceSid: MG, body: 'b' })).status).toBe('accepted');
    fake.messages.unblock(TO, MG);
    expect((await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'b' })).status).toBe('accepted');
    expect(fake.messages.all()).toHaveLength(3);
  });
});

describe('fake twilio: Messages request log, fetch and list', () => {
  it('records every create request in order, failed ones too, so tests can assert what was sent', async () => {
    await client.messages.create({
      to: TO,
      from: FROM,
      body: 'one',
      mediaUrl: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
    });
    await restError(client.messages.create({ to: TO, body: 'no sender' }));
    await rawRequest(client, 'post', messagesUri, { To: TO, MessagingServiceSid: MG, Body: 'tagged', Tags: '{"visit":"1"}' });
    expectViolations(fake, /CreateMessage .*unknown form parameter Tags$/);
    const requests = fake.messages.requests();
    expect(requests).toEqual([
      { To: TO, From: FROM, Body: 'one', MediaUrl: 'https://cdn.example.com/a.png\nhttps://cdn.example.com/b.png' },
      { To: TO, Body: 'no sender' },
      { To: TO, MessagingServiceSid: MG, Body: 'tagged', Tags: '{"visit":"1"}' },
    ]);
    expect(requests.slice(0, 2).some((r) => 'Tags' in r)).toBe(false);
    expect(fake.messages.all().map((m) => m.body)).toEqual(['one', 'tagged']);
    // Helpers hand out copies.
    fake.messages.all()[0]!.body = 'changed';
    expect(fake.messages.all()[0]?.body).toBe('one');
    fake.messages.clear();
    expect(fake.messages.requests()).toEqual([]);
    expect(fake.messages.all()).toEqual([]);
  });

  it('fetches a created message and answers 404 / 20404 for an unknown one', async () => {
    const m = await client.messages.create({ to: TO, from: FROM, body: 'b' });
    expect((await client.messages(m.sid).fetch()).body).toBe('b');
    expect(await restError(client.messages('SM' + '0'.repeat(32)).fetch())).toMatchObject({ status: 404, code: 20404 });
    const other = 'AC' + 'f'.repeat(32);
    expect(await restError(client.api.v2010.accounts(other).messages(m.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('lists newest first with To/From filters and relative v2010 paging', async () => {
    for (let n = 1; n <= 5; n++) await client.messages.create({ to: n % 2 === 0 ? TO_2 : TO, from: FROM, body: `m${n}` });
    await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'via service' });
    expect((await client.messages.list()).map((m) => m.body)).toEqual(['via service', 'm5', 'm4', 'm3', 'm2', 'm1']);
    expect((await client.messages.list({ to: TO_2 })).map((m) => m.body)).toEqual(['m4', 'm2']);
    expect((await client.messages.list({ from: FROM, to: TO })).map((m) => m.body)).toEqual(['m5', 'm3', 'm1']);

    const before = fake.stats.requests;
    expect((await client.messages.list({ pageSize: 2 })).map((m) => m.body)).toHaveLength(6);
    expect(fake.stats.requests - before).toBe(3);
    const page = await client.messages.page({ pageSize: 4, to: TO });
    expect(page.instances.map((m) => m.body)).toEqual(['via service', 'm5', 'm3', 'm1']);
    const raw = await rawRequest(client, 'get', `${messagesUri}?To=${encodeURIComponent(TO)}&PageSize=2`);
    expect(raw.body).toMatchObject({
      page: 0,
      page_size: 2,
      start: 0,
      end: 1,
      previous_page_uri: null,
      next_page_uri: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json?To=%2B15005550111&PageSize=2&Page=1`,
    });
  });

  it('also serves messages seeded into fake.resources (after the created ones)', async () => {
    const seededSid = 'SM' + 'c'.repeat(32);
    const t = 'Mon, 06 Jan 2025 10:00:00 +0000';
    await client.messages.create({ to: TO, from: FROM, body: 'template' });
    const [template] = fake.messages.all();
    fake.messages.clear();
    fake.resources.add('messages', { ...template, sid: seededSid, date_created: t, date_updated: t, date_sent: t, status: 'delivered' });
    await client.messages.create({ to: TO, from: FROM, body: 'fresh' });
    expect((await client.messages.list()).map((m) => m.sid)).toEqual([fake.messages.all()[0]?.sid, seededSid]);
    expect((await client.messages(seededSid).fetch()).status).toBe('delivered');
  });
});

describe('fake twilio: Messages update (cancel a scheduled message, redact a body)', () => {
  const T0 = Date.parse('2030-01-01T00:00:00Z');
  const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
  const schedule = (sendAtSeconds: number, to: string = TO): Promise<MessageInstance> =>
    client.messages.create({
      to,
      messagingServiceSid: MG,
      body: 'Reminder: appointment tomorrow at 9',
      scheduleType: 'fixed',
      sendAt: at(sendAtSeconds),
    });
  const itemUri = (sid: string): string => messagesUri.replace(/\.json$/, `/${sid}.json`);
  /** A client that gives up after `ms` (the fake is slowed down by the test). */
  const impatientClient = (ms: number): twilio.Twilio =>
    twilio(fake.accountSid, fake.authToken, { httpClient: new RedirectingRequestClient(fake.origin, { timeout: ms }) });
  const waitFor = async (cond: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  };

  beforeEach(() => fake.clock.freeze(new Date(T0)));

  it('cancels a scheduled message: 200 with the whole resource, status canceled, and it is never sent', async () => {
    const m = await schedule(3600);
    expect(m.status).toBe('scheduled');
    fake.clock.advance(60_000);
    const canceled = await client.messages(m.sid).update({ status: 'canceled' });
    expect(canceled).toMatchObject({
      sid: m.sid,
      accountSid: fake.accountSid,
      status: 'canceled',
      to: TO,
      from: null,
      messagingServiceSid: MG,
      body: 'Reminder: appointment tomorrow at 9',
      dateSent: null,
      uri: m.uri,
    });
    expect(canceled.dateCreated).toEqual(at(0));
    expect(canceled.dateUpdated).toEqual(at(60));
    expect(fake.violations).toEqual([]);

    fake.clock.advance(7 * 86400_000);
    expect((await client.messages(m.sid).fetch()).status).toBe('canceled');
    expect((await client.messages.list({ to: TO })).map((x) => x.status)).toEqual(['canceled']);
    expect(fake.messages.all().map((x) => [x.status, x.date_sent])).toEqual([['canceled', null]]);
    expect(messageUpdates(fake).cancels()).toEqual([
      {
        sid: m.sid,
        accountSid: fake.accountSid,
        to: TO,
        messagingServiceSid: MG,
        sendAt: at(3600).toISOString(),
        canceledAt: at(60).toISOString(),
      },
    ]);
    expect(messageUpdates(fake).updates()).toEqual([
      { sid: m.sid, accountSid: fake.accountSid, form: { Status: 'canceled' }, status: 200, code: null },
    ]);
    expect(fake.stats.updated).toBe(1);
  });

  it('sends a scheduled message once the fake clock reaches SendAt; then a cancel is refused with 30409', async () => {
    const soon = await schedule(900);
    const later = await schedule(7200, TO_2);
    fake.clock.advance(899_000);
    expect((await client.messages(soon.sid).fetch()).status).toBe('scheduled');
    fake.clock.advance(1_000);
    const sent = await client.messages(soon.sid).fetch();
    expect(sent).toMatchObject({ status: 'sent', dateSent: at(900), dateUpdated: at(900), numSegments: '1' });
    expect((await client.messages(later.sid).fetch()).status).toBe('scheduled');

    expect(await restError(client.messages(soon.sid).update({ status: 'canceled' }))).toEqual({
      status: 400,
      code: 30409,
      moreInfo: 'https://www.twilio.com/docs/errors/30409',
    });
    expect((await client.messages(soon.sid).fetch()).status).toBe('sent');
    expect((await client.messages(later.sid).update({ status: 'canceled' })).status).toBe('canceled');
    expect(
      messageUpdates(fake)
        .cancels()
        .map((c) => c.sid),
    ).toEqual([later.sid]);
  });

  it('refuses to cancel a queued, accepted, already canceled or delivered message (400 / 30409)', async () => {
    const queued = await client.messages.create({ to: TO, from: FROM, body: 'now' });
    const accepted = await client.messages.create({ to: TO, messagingServiceSid: MG, body: 'now' });
    const scheduled = await schedule(3600);
    const delivered = 'SM' + 'd'.repeat(32);
    const seededScheduled = 'SM' + 'e'.repeat(32);
    const [template] = fake.messages.all();
    fake.resources.add('messages', { ...template, sid: delivered, status: 'delivered', date_sent: template?.date_created });
    fake.resources.add('messages', { ...template, sid: seededScheduled, status: 'scheduled', messaging_service_sid: MG });

    expect((await client.messages(scheduled.sid).update({ status: 'canceled' })).status).toBe('canceled');
    for (const sid of [queued.sid, accepted.sid, scheduled.sid, delivered]) {
      expect(await restError(client.messages(sid).update({ status: 'canceled' }))).toMatchObject({ status: 400, code: 30409 });
    }
    expect((await client.messages(queued.sid).fetch()).status).toBe('queued');
    expect((await client.messages(delivered).fetch()).status).toBe('delivered');
    // A seeded record that is still scheduled can be canceled like a created one.
    expect((await client.messages(seededScheduled).update({ status: 'canceled' })).status).toBe('canceled');
    expect(
      messageUpdates(fake)
        .cancels()
        .map((c) => [c.sid, c.sendAt]),
    ).toEqual([
      [scheduled.sid, at(3600).toISOString()],
      [seededScheduled, null],
    ]);
    expect(
      messageUpdates(fake)
        .updates()
        .map((u) => [u.sid, u.status, u.code]),
    ).toEqual([
      [scheduled.sid, 200, null],
      [queued.sid, 400, 30409],
      [accepted.sid, 400, 30409],
      [scheduled.sid, 400, 30409],
      [delivered, 400, 30409],
      [seededScheduled, 200, null],
    ]);
  });

  it("answers 404 / 20404 for an unknown SID or another account's message", async () => {
    const m = await schedule(3600);
    expect(await restError(client.messages('SM' + '0'.repeat(32)).update({ status: 'canceled' }))).toEqual({
      status: 404,
      code: 20404,
      moreInfo: 'https://www.twilio.com/docs/errors/20404',
    });
    expect(
      await restError(
        client.api.v2010
          .accounts('AC' + 'f'.repeat(32))
          .messages(m.sid)
          .update({ status: 'canceled' }),
      ),
    ).toMatchObject({ status: 404, code: 20404 });
    expect((await client.messages(m.sid).fetch()).status).toBe('scheduled');
    expect(
      messageUpdates(fake)
        .updates()
        .map((u) => u.code),
    ).toEqual([20404, 20404]);
  });

  it('rejects malformed updates (400 / 30400; unknown parameters 400 / 20001) and redacts with an empty Body', async () => {
    const m = await schedule(900);
    const uri = itemUri(m.sid);
    const malformed: Record<string, string>[] = [
      {},
      { Status: 'sent' },
      { Status: 'Canceled' },
      { Status: 'canceled', Body: '' },
      { Body: 'changed' },
    ];
    for (const data of malformed) {
      expect(await rawRequest(client, 'post', uri, data)).toMatchObject({ status: 400, body: { code: 30400, status: 400 } });
    }
    expect(await rawRequest(client, 'post', uri, { Status: 'canceled', Reason: 'opt-out' })).toMatchObject({
      status: 400,
      body: { code: 20001 },
    });
    expect(
      expectViolations(
        fake,
        /UpdateMessage .*malformed form parameter Status: must be equal/,
        /UpdateMessage .*unknown form parameter Reason$/,
      ),
    ).toHaveLength(3);
    expect((await client.messages(m.sid).fetch()).status).toBe('scheduled');
    expect(messageUpdates(fake).cancels()).toEqual([]);

    fake.clock.advance(900_000);
    const redacted = await client.messages(m.sid).update({ body: '' });
    expect(redacted).toMatchObject({ status: 'sent', body: '' });
    expect(fake.messages.all()[0]?.body).toBe('');
  });

  it('fails a cancel with fake.faults (503, 429); the message stays scheduled and a retry cancels it', async () => {
    const m = await schedule(3600);
    fake.faults.failNext(1, 503, 20500);
    expect(await restError(client.messages(m.sid).update({ status: 'canceled' }))).toMatchObject({ status: 503, code: 20500 });
    fake.faults.failNext(1, 429, 20429);
    expect(await restError(client.messages(m.sid).update({ status: 'canceled' }))).toMatchObject({ status: 429, code: 20429 });
    expect((await client.messages(m.sid).fetch()).status).toBe('scheduled');
    // Answered before routing: these never reached the Messages route.
    expect(messageUpdates(fake).updates()).toEqual([]);
    expect(fake.stats).toMatchObject({ injected5xx: 1, injected429: 1 });
    expect((await client.messages(m.sid).update({ status: 'canceled' })).status).toBe('canceled');
  });

  it('times a cancel out with fake.faults.latencyMs (the request is dropped: the message stays scheduled)', async () => {
    const m = await schedule(3600);
    fake.faults.latencyMs = 300;
    await expect(impatientClient(100).messages(m.sid).update({ status: 'canceled' })).rejects.toThrow(/timeout/i);
    fake.faults.latencyMs = 0;
    await new Promise((r) => setTimeout(r, 400));
    expect((await client.messages(m.sid).fetch()).status).toBe('scheduled');
    expect(messageUpdates(fake).updates()).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('fails or delays only Message updates with failNextUpdates / delayNextUpdates (list-then-cancel flows)', async () => {
    const m = await schedule(3600);
    await client.messages.create({ to: TO_2, from: FROM, body: 'other patient' });
    const helpers = messageUpdates(fake);
    helpers.failNextUpdates(1, 503, 20500);
    // An opt-out flow: list the patient's messages, cancel the scheduled ones. Only the cancel fails.
    const pending = (await client.messages.list({ to: TO })).filter((x) => x.status === 'scheduled');
    expect(pending.map((x) => x.sid)).toEqual([m.sid]);
    expect(await restError(client.messages(m.sid).update({ status: 'canceled' }))).toMatchObject({ status: 503, code: 20500 });
    expect(helpers.updates()).toEqual([
      { sid: m.sid, accountSid: fake.accountSid, form: { Status: 'canceled' }, status: 503, code: 20500 },
    ]);
    expect((await client.messages(m.sid).fetch()).status).toBe('scheduled');

    helpers.delayNextUpdates(1, 400);
    await expect(impatientClient(100).messages(m.sid).update({ status: 'canceled' })).rejects.toThrow(/timeout/i);
    await waitFor(() => helpers.cancels().length === 1);
    expect((await client.messages(m.sid).fetch()).status).toBe('canceled');

    fake.messages.clear();
    expect(helpers.updates()).toEqual([]);
    expect(helpers.cancels()).toEqual([]);
  });

  it('lists by DateSent (that day, on or before, on or after), keeping the filters in page URIs', async () => {
    const day1 = await schedule(10 * 3600); // 2030-01-01T10:00:00Z
    const day2 = await schedule(86400 + 10 * 3600, TO_2); // 2030-01-02T10:00:00Z
    const day3 = await schedule(2 * 86400 + 10 * 3600); // 2030-01-03T10:00:00Z
    await schedule(10 * 86400); // still scheduled
    await client.messages.create({ to: TO, from: FROM, body: 'queued, never sent' });
    fake.clock.advance(3 * 86400_000);
    const sids = (ms: { sid: string }[]): string[] => ms.map((x) => x.sid);

    expect(sids(await client.messages.list({ dateSent: new Date('2030-01-02T00:00:00Z') }))).toEqual([day2.sid]);
    expect(sids(await client.messages.list({ dateSentBefore: new Date('2030-01-02T10:00:00Z') }))).toEqual([day2.sid, day1.sid]);
    expect(sids(await client.messages.list({ dateSentAfter: new Date('2030-01-02T10:00:01Z') }))).toEqual([day3.sid]);
    expect(sids(await client.messages.list({ to: TO, dateSentAfter: new Date('2030-01-01T00:00:00Z') }))).toEqual([day3.sid, day1.sid]);
    expect(sids(await client.messages.list({ dateSentAfter: new Date('2030-01-01T00:00:00Z'), pageSize: 1 }))).toEqual([
      day3.sid,
      day2.sid,
      day1.sid,
    ]);

    // Date-only values, as Twilio documents them: DateSent<=YYYY-MM-DD includes that whole day.
    const raw = async (qs: string): Promise<string[]> => {
      const r = await rawRequest(client, 'get', `${messagesUri}?${qs}`);
      expect(r.status).toBe(200);
      return (r.body as { messages: { sid: string }[] }).messages.map((x) => x.sid);
    };
    expect(await raw('DateSent%3C=2030-01-02')).toEqual([day2.sid, day1.sid]);
    expect(await raw('DateSent%3E=2030-01-02')).toEqual([day3.sid, day2.sid]);
    expect(await raw('DateSent=2030-01-03')).toEqual([day3.sid]);
    expect(await raw(`DateSent=${encodeURIComponent('Thu, 03 Jan 2030 12:00:00 +0000')}`)).toEqual([day3.sid]);
    // The fake also reads RFC 2822 dates, which neither the spec nor the docs promise: a violation.
    expectViolations(fake, /ListMessage .*malformed query parameter DateSent: must match/);
    const page = await rawRequest(client, 'get', `${messagesUri}?DateSent%3E=2030-01-01&PageSize=2`);
    expect(page.body).toMatchObject({
      next_page_uri: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json?DateSent%3E=2030-01-01&PageSize=2&Page=1`,
    });
    expect(await rawRequest(client, 'get', `${messagesUri}?DateSent=yesterday`)).toMatchObject({ status: 400, body: { code: 20001 } });
    expectViolations(fake, /ListMessage .*malformed query parameter DateSent: must match/);
  });
});

describe('fake twilio: api.twilio.com through the --require preload', () => {
  it('redirects messages.create in a child process to the fake', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-twilio-msg-'));
    try {
      const preload = writeRedirectPreload(dir, fake.origin);
      const script = `
        const http = require('http'), https = require('https');
        for (const m of [http, https]) {
          const orig = m.request;
          m.request = function (...args) {
            const o = typeof args[0] === 'object' && !(args[0] instanceof URL) ? args[0] : new URL(String(args[0]));
            if ((o.hostname || o.host) !== '127.0.0.1') throw new Error('blocked non-loopback request');
            return orig.apply(this, args);
          };
        }
        const [acc, tok, to, from] = process.argv.slice(1);
        require('twilio')(acc, tok).messages.create({ to, from, body: 'from child' })
          .then((m) => process.stdout.write(JSON.stringify({ sid: m.sid, status: m.status })),
                (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message) })));
      `;
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--require', preload, '-e', script, fake.accountSid, fake.authToken, TO, FROM],
          { cwd: path.resolve(__dirname, '../..'), timeout: 20000 },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        );
      });
      const parsed = JSON.parse(out) as { sid?: string; status?: string };
      expect(parsed.status).toBe('queued');
      expect(fake.messages.all().map((m) => m.sid)).toEqual([parsed.sid]);
      expect(fake.messages.requests()).toEqual([{ To: TO, From: FROM, Body: 'from child' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
