/**
 * docs/optouts.md: a secret re-key moves the per-number reminder records, and with them the
 * reminders' send-once entries and daily-cap counts, so a request retried across the re-key is
 * still answered as a duplicate (nothing sent twice) and the cap still counts.
 */
import { rekeyState } from '../../src/tooling/cli/rekey-state';
import { PendingReminders } from '../../src/runtime/reminders/pending';
import { sendReminder, type ReminderRequest } from '../../src/runtime/reminders/send';
import { CANARY_PHONE } from '../helpers/canary';
import { reminderHarness, SECRET } from '../helpers/reminder-deps';

const NEW_SECRET = 'n'.repeat(48);

test('a reminder retried after a re-key is a duplicate: same SID, nothing sent again; the cap count moved too', async () => {
  const h = reminderHarness();
  const req: ReminderRequest = {
    to: CANARY_PHONE,
    appointmentAt: new Date(h.clock.now() + 48 * 3_600_000).toISOString(),
    templateId: 'appointment-reminder',
    locationId: 'main-street',
    appointmentRef: 'apt_rekey_0001',
  };
  const first = await sendReminder(req, h.deps);
  expect(first.status).toBe(202);
  expect(await rekeyState({ jobs: h.jobsQueue, pending: h.pendingKv }, new Map(), [CANARY_PHONE], SECRET, NEW_SECRET)).toEqual({
    jobs: 0,
    pending: 1,
  });
  const pending = new PendingReminders(
    h.pendingKv,
    NEW_SECRET,
    72 * 3_600_000,
    { budgetMs: 300, now: h.clock.now, sleep: async () => undefined },
    h.clock.now,
  );
  const moved = (await pending.snapshot(CANARY_PHONE))?.value;
  expect(Object.values(moved?.caps ?? {}).map((c) => c.count)).toEqual([1]);
  const again = await sendReminder(req, { ...h.deps, pending, settings: { ...h.deps.settings, secret: NEW_SECRET } });
  expect(again.status).toBe(202);
  expect(JSON.parse(again.body)).toEqual({ ...JSON.parse(first.body), duplicate: true });
  expect(h.sent).toHaveLength(1);
});
