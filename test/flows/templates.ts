/**
 * Small synthetic flow templates for the flows CLI tests, written for these tests in the shape of
 * the shipped ones (placeholders, versioned description) but independent of their contents.
 */

type State = { name: string; type: string; transitions: { event: string; next?: string }[]; properties: Record<string, unknown> };

let y = 0;
const offset = (): { x: number; y: number } => ({ x: 0, y: (y += 200) });

export function trigger(next: Partial<Record<'incomingMessage' | 'incomingCall' | 'incomingRequest', string>>): State {
  const events = ['incomingMessage', 'incomingCall', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'] as const;
  return {
    name: 'Trigger',
    type: 'trigger',
    transitions: events.map((event) => {
      const to = (next as Record<string, string | undefined>)[event];
      return to ? { event, next: to } : { event };
    }),
    properties: { offset: offset() },
  };
}

export function runFunction(name: string, path: string, success?: string, extra: Record<string, unknown> = {}): State {
  return {
    name,
    type: 'run-function',
    transitions: [{ event: 'success', ...(success ? { next: success } : {}) }, { event: 'fail' }],
    properties: {
      service_sid: '__SERVICE_SID__',
      environment_sid: '__ENVIRONMENT_SID__',
      function_sid: '__FUNCTION_SID__',
      url: `https://__DOMAIN__${path}`,
      parameters: [
        { key: 'Body', value: '{{trigger.message.Body}}' },
        { key: 'From', value: '{{trigger.message.From}}' },
      ],
      offset: offset(),
      ...extra,
    },
  };
}

export function sendMessage(name: string, body: string): State {
  return {
    name,
    type: 'send-message',
    transitions: [{ event: 'sent' }, { event: 'failed' }],
    properties: { from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body, offset: offset() },
  };
}

export function template(name: string, version: string, states: State[]): Record<string, unknown> {
  return {
    description: `hipaa-safe-messaging ${name} v${version}`,
    initial_state: 'Trigger',
    flags: { allow_concurrent_calls: true },
    states,
  };
}

/** REST-triggered reminder: ask, guard the reply, record it. */
export function reminder(version = '1.0.0'): Record<string, unknown> {
  return template('appointment-reminder', version, [
    trigger({ incomingRequest: 'ask' }),
    {
      name: 'ask',
      type: 'send-and-wait-for-reply',
      transitions: [{ event: 'incomingMessage', next: 'guard' }, { event: 'timeout' }, { event: 'deliveryFailure' }],
      properties: {
        from: '{{flow.channel.address}}',
        body: 'Reminder: appointment tomorrow. Reply 1 to confirm, 2 to reschedule.',
        timeout: '3600',
        offset: offset(),
      },
    },
    runFunction('guard', '/optout/guard', 'record', {
      parameters: [
        { key: 'Body', value: '{{widgets.ask.inbound.Body}}' },
        { key: 'From', value: '{{widgets.ask.inbound.From}}' },
      ],
    }),
    runFunction('record', '/reminders/ack', 'thanks', { parameters: [{ key: 'choice', value: '{{widgets.ask.inbound.Body}}' }] }),
    sendMessage('thanks', 'Thanks, your reply was recorded. Questions? Call __CLINIC_HELP_PHONE__.'),
  ]);
}

/** Incoming message → opt-out guard → acknowledgement. */
export function inbound(version = '1.0.0'): Record<string, unknown> {
  return template('inbound-sms', version, [
    trigger({ incomingMessage: 'guard' }),
    runFunction('guard', '/optout/guard', 'ack'),
    sendMessage('ack', 'The clinic received your message.'),
  ]);
}

/** Voice: office hours, then the front desk. */
export function ivr(version = '1.0.0'): Record<string, unknown> {
  return template('ivr', version, [
    trigger({ incomingCall: 'hours' }),
    {
      name: 'hours',
      type: 'say-play',
      transitions: [{ event: 'audioComplete', next: 'desk' }],
      properties: { say: 'Thank you for calling __CLINIC_NAME__. We are open from 8 to 5.', loop: 1, offset: offset() },
    },
    {
      name: 'desk',
      type: 'connect-call-to',
      transitions: [{ event: 'callCompleted' }, { event: 'hangup' }],
      properties: { noun: 'number', to: '__FRONT_DESK_NUMBER__', caller_id: '{{contact.channel.address}}', offset: offset() },
    },
  ]);
}

export const PROTECTED = [
  { path: '/optout/guard', visibility: 'protected' },
  { path: '/reminders/ack', visibility: 'protected' },
  { path: '/sms/inbound', visibility: 'protected' },
];
