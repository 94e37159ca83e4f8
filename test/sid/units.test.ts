/** The `sid` core without the CLI: SID parsing, masking, webhook summaries, the snippet's value filter, views, alert matching. */
import { matchAlerts } from '../../src/tooling/sid/alerts';
import { errorMeaning, MESSAGING_ERRORS } from '../../src/tooling/sid/error-codes';
import { toMessageView } from '../../src/tooling/sid/kinds/message';
import { toStepView, widgetTypesOf } from '../../src/tooling/sid/kinds/studio-common';
import { toFlowView } from '../../src/tooling/sid/kinds/studio-flow';
import { variableNames } from '../../src/tooling/sid/kinds/serverless-environment';
import { visibilityCounts } from '../../src/tooling/sid/kinds/serverless-common';
import { NotFound, CouldNotCheck, searchUnder } from '../../src/tooling/sid/lookup';
import { maskAddress, webhook } from '../../src/tooling/sid/present';
import { SUPPORTED_PREFIXES } from '../../src/tooling/sid/registry';
import { parseSid } from '../../src/tooling/sid/sid';
import { safeValue, snippetLine } from '../../src/tooling/sid/snippet';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';

const hex = 'a'.repeat(32);

describe('parseSid', () => {
  test('normalises case and accepts every supported prefix', () => {
    expect(parseSid(`sm${hex.toUpperCase()}`, SUPPORTED_PREFIXES)).toEqual({ ok: true, sid: `SM${hex}`, prefix: 'SM' });
    expect([...SUPPORTED_PREFIXES].sort()).toEqual([
      'AC',
      'CA',
      'FN',
      'FT',
      'FW',
      'MG',
      'MM',
      'PN',
      'RE',
      'SM',
      'VE',
      'ZB',
      'ZE',
      'ZH',
      'ZN',
      'ZS',
    ]);
  });

  test.each([
    [CANARY_PHONE, 'malformed', 'a digit or "+" (a phone number?)'],
    [` SM${hex}0 `, 'malformed', 'SM prefix'],
    [`QQ${hex}`, 'unknown-prefix', 'letters'],
    ['', 'malformed', 'empty'],
    ['(202) 555-0147', 'malformed', 'a digit or "+" (a phone number?)'],
    ['ünïcode', 'malformed', 'other characters'],
  ])('%j is rejected as %s, described without its text', (raw, problem, prefixClass) => {
    const r = parseSid(raw, SUPPORTED_PREFIXES);
    expect(r).toEqual({ ok: false, problem, length: [...raw.trim()].length, prefixClass });
  });
});

describe('maskAddress', () => {
  test.each([
    [CANARY_PHONE, '+1******0147'],
    ['+447700900123', '+44******0123'],
    [`whatsapp:${CANARY_PHONE}`, 'whatsapp:+1******0147'],
    ['+1202555XXXX', '[redacted]'],
    ['2025550147', '******0147'],
    ['55501', '[short code]'],
    ['ClinicAlrt', '[alphanumeric sender]'],
    [`client:${CANARY_NAME}`, '[client address]'],
    [`sip:${CANARY_PHONE}@pbx.example`, '[sip address]'],
    [CANARY_BODY, '[address]'],
    ['', null],
    [null, null],
  ])('%j → %j', (input, masked) => expect(maskAddress(input)).toBe(masked));
});

describe('webhook', () => {
  test('host, https and method only: no user info, path or query', () => {
    expect(webhook('https://u:S3cret@Hooks.Clinic.example:8443/sms/inbound?token=x', 'post')).toEqual({
      host: 'hooks.clinic.example',
      https: true,
      method: 'POST',
    });
    expect(webhook('http://x.example/a', null)).toEqual({ host: 'x.example', https: false, method: null });
    expect(webhook(`https://webhooks.twilio.com/v1/Accounts/AC${hex}/Flows/FW${hex}?x=1`, 'POST')).toEqual({
      host: 'webhooks.twilio.com',
      https: true,
      method: 'POST',
      studioFlowSid: `FW${hex}`,
    });
    expect(webhook(`not a url ${CANARY_PHONE}`, 'POST')).toEqual({ host: '[not a URL]', https: false, method: 'POST' });
    expect(webhook(null, 'POST')).toBeNull();
  });
});

describe('ticket snippet values', () => {
  test('only SIDs, codes, lower-case words and ISO timestamps pass', () => {
    expect(safeValue(`SM${hex}`)).toBe(`SM${hex}`);
    expect(safeValue(30003)).toBe('30003');
    expect(safeValue('2026-03-01T00:00:00Z')).toBe('2026-03-01T00:00:00Z');
    expect(safeValue('Undelivered')).toBe('undelivered');
    for (const bad of [CANARY_PHONE, CANARY_NAME, CANARY_BODY, 'https://x.example', '2026-03-01', -1, 1.5, 12345678])
      expect(safeValue(bad)).toBeNull();
    expect(
      snippetLine(`SM${hex}`, [
        ['status', 'failed'],
        ['to', CANARY_PHONE],
        ['Bad Key', 'x'],
        ['error', null],
      ]),
    ).toBe(`SM${hex} status=failed`);
  });
});

describe('views keep only ticket-safe fields', () => {
  test('a message view drops the body, price and URIs whatever the record holds', () => {
    const record = {
      sid: `SM${hex}`,
      status: 'failed',
      errorCode: 21610,
      body: CANARY_BODY,
      from: CANARY_PHONE,
      to: CANARY_PHONE,
      errorMessage: CANARY_NAME,
      uri: '/x?sig=1',
      dateCreated: new Date(Date.UTC(2026, 2, 1)),
    };
    const view = toMessageView(record);
    expect(JSON.stringify(view)).not.toMatch(/CANARY|Zebulon|2025550147|sig=/);
    expect(view).toMatchObject({
      status: 'failed',
      errorCode: 21610,
      errorMeaning: expect.stringContaining('unsubscribed'),
      to: '+1******0147',
      dateCreated: '2026-03-01T00:00:00Z',
    });
  });

  test('odd values are dropped, not shown', () => {
    expect(
      toMessageView({
        sid: `SM${hex}`,
        status: CANARY_BODY,
        direction: 'outbound api!',
        messagingServiceSid: CANARY_NAME,
        numSegments: 'two',
      }),
    ).toMatchObject({ status: null, direction: null, messagingServiceSid: null, numSegments: null });
  });

  test('Studio: widget types from the definition; names that are not identifiers are not shown', () => {
    const types = widgetTypesOf({
      states: [
        { name: 'send', type: 'send-message', properties: { body: CANARY_BODY } },
        { name: CANARY_NAME, type: 'split-based-on' },
      ],
    });
    expect([...types]).toEqual([['send', 'send-message']]);
    expect(
      toStepView(
        {
          sid: `FT${hex}`,
          name: 'incomingMessage',
          transitionedFrom: CANARY_NAME,
          transitionedTo: 'send',
          dateCreated: '2026-03-01T00:00:00Z',
        },
        types,
      ),
    ).toEqual({
      sid: `FT${hex}`,
      event: 'incomingMessage',
      from: { widget: null, type: null },
      to: { widget: 'send', type: 'send-message' },
      dateCreated: '2026-03-01T00:00:00Z',
    });
    expect(
      toFlowView(`FW${hex}`, { friendlyName: 'HIPAA-safe: ivr', commitMessage: 'ivr v1.2.0', definition: { states: [] } }),
    ).toMatchObject({ name: 'HIPAA-safe: ivr', commitMessage: 'ivr v1.2.0', widgets: 0 });
    expect(toFlowView(`FW${hex}`, { friendlyName: `HIPAA-safe: ${CANARY_NAME}`, commitMessage: `ivr v1 ${CANARY_BODY}` })).toMatchObject({
      name: null,
      customName: true,
      commitMessage: null,
      customCommitMessage: true,
    });
  });

  test('Serverless: visibility counts and variable names only', () => {
    expect(
      visibilityCounts([{ visibility: 'PROTECTED' }, { visibility: 'protected' }, { visibility: 'public' }, { visibility: CANARY_BODY }]),
    ).toEqual({ total: 4, byVisibility: { protected: 2, public: 1, other: 1 } });
    expect(variableNames(['CLINIC_NAME', 'AUTH_TOKEN', CANARY_PHONE, 'lower'])).toEqual({
      names: ['AUTH_TOKEN', 'CLINIC_NAME'],
      otherNames: 2,
    });
  });
});

test('alerts are matched on resource_sid and keep SID, code, meaning, level and date only', () => {
  const sm = `SM${hex}`;
  const alerts = matchAlerts(
    [
      { sid: `NO${'1'.repeat(32)}`, resourceSid: sm, errorCode: '30003', logLevel: 'error', dateGenerated: new Date(Date.UTC(2026, 2, 1)) },
      { sid: `NO${'2'.repeat(32)}`, resourceSid: `SM${'b'.repeat(32)}`, errorCode: '30007', logLevel: 'error' },
      {
        sid: `NO${'3'.repeat(32)}`,
        resourceSid: sm,
        errorCode: '99999',
        logLevel: 'warning',
        dateGenerated: new Date(Date.UTC(2026, 2, 2)),
      },
    ],
    new Set([sm]),
  );
  expect(alerts.get(sm)).toEqual([
    {
      sid: `NO${'3'.repeat(32)}`,
      errorCode: 99999,
      meaning: 'see https://www.twilio.com/docs/api/errors/99999',
      level: 'warning',
      date: '2026-03-02T00:00:00Z',
    },
    { sid: `NO${'1'.repeat(32)}`, errorCode: 30003, meaning: MESSAGING_ERRORS[30003], level: 'error', date: '2026-03-01T00:00:00Z' },
  ]);
  expect(errorMeaning(30034)).toMatch(/unregistered/);
});

describe('bounded parent search', () => {
  const bounded = (n: number, more = false) => ({ items: Array.from({ length: n }, (_, i) => i), more });

  test('found under one parent; not found when every parent answered; fail closed otherwise', async () => {
    await expect(searchUnder(bounded(5), async (p) => (p === 3 ? 'hit' : null), 'flows')).resolves.toBe('hit');
    await expect(searchUnder(bounded(5), async () => null, 'flows')).rejects.toEqual(new NotFound('5 flows'));
    await expect(searchUnder(bounded(5, true), async () => null, 'flows')).rejects.toBeInstanceOf(CouldNotCheck);
    await expect(
      searchUnder(
        bounded(5),
        async (p) => {
          if (p === 2) throw Object.assign(new Error(CANARY_BODY), { status: 500, code: 20500 });
          return null;
        },
        'flows',
      ),
    ).rejects.toEqual(new CouldNotCheck('searching flows failed (HTTP 500, code 20500)'));
  });
});
