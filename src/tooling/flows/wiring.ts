/**
 * What to wire after a deploy, read from the flow's trigger widget: each trigger event that leads
 * somewhere says where the flow's webhook URL (or Executions endpoint) goes — the phone number's
 * (or Messaging Service's) incoming-message webhook, its incoming-call webhook, a Conversations
 * address, or REST API executions started by the clinic's system.
 */
import type { TemplateDefinition } from './templates';

const WHERE: Record<string, (webhookUrl: string, sid: string) => string> = {
  incomingMessage: (url) =>
    `Messaging: the clinic number's "A message comes in" webhook (sms_url, or the Messaging Service's inbound request URL) = ${url} (HTTP POST)`,
  incomingCall: (url) => `Voice: the clinic number's "A call comes in" webhook (voice_url) = ${url} (HTTP POST)`,
  incomingConversationMessage: () =>
    'Conversations: an address configuration with autoCreation.type=studio pointing at this flow (studio_flow_sid)',
  incomingRequest: (_url, sid) =>
    `REST API: the clinic's system starts executions with POST https://studio.twilio.com/v2/Flows/${sid}/Executions (To, From, Parameters)`,
  incomingParent: (_url, sid) => `Subflow: a Run Subflow widget of another flow calls ${sid}`,
};

/** Trigger events that lead somewhere. */
export function triggerEvents(definition: TemplateDefinition): string[] {
  const trigger = definition.states.find((s) => s.type === 'trigger');
  return (trigger?.transitions ?? []).filter((t) => t.next !== undefined && t.next !== '').map((t) => t.event);
}

/** One line per trigger event the flow handles. */
export function wiringFor(definition: TemplateDefinition, webhookUrl: string, sid: string): string[] {
  return triggerEvents(definition).map(
    (e) => WHERE[e]?.(webhookUrl, sid) ?? `trigger event ${e}: see Studio's trigger widget documentation`,
  );
}

/**
 * A number's incoming-message (or incoming-call) webhook points at one flow: when several flows
 * handle the same event, say so, and that a flow waiting for replies must be the one on the number
 * it sends from (Studio hands a reply to the waiting execution only through that flow's webhook).
 */
export function wiringNotes(flows: readonly { name: string; definition: TemplateDefinition }[]): string[] {
  const notes: string[] = [];
  for (const [event, what, plural] of [
    ['incomingMessage', 'incoming-message', 'incoming messages'],
    ['incomingCall', 'incoming-call', 'incoming calls'],
  ] as const) {
    const handling = flows.filter((f) => triggerEvents(f.definition).includes(event));
    if (handling.length < 2) continue;
    const waiting = handling.filter((f) => f.definition.states.some((s) => s.type === 'send-and-wait-for-reply')).map((f) => f.name);
    notes.push(
      `A number's ${what} webhook points at one flow; ${handling.map((f) => f.name).join(', ')} all handle ${plural}: choose one per number.` +
        (event === 'incomingMessage' && waiting.length > 0
          ? ` ${waiting.join(', ')} waits for replies, so it must be the flow on the numbers it sends from.`
          : ''),
    );
  }
  return notes;
}
