/**
 * Reply instructions ("Reply YES to confirm", "Text CANCEL to cancel", "Responda SÍ para
 * confirmar") and whether their keyword is reserved. Reserved words are the project's inbound
 * keyword lists (src/runtime/core/keyword-lists.ts): Twilio and FCC opt-out, opt-in and help words in
 * English and Spanish. A reserved word is acceptable only when the instruction means what the word
 * means to Twilio and the opt-out ledger:
 *   - an opt-out word to opt out ("Reply STOP to opt out / unsubscribe / stop receiving texts /
 *     cancel", "Responda STOP para darse de baja"), never to cancel an appointment;
 *   - a help word for help or information ("Reply HELP for help");
 *   - an opt-in word to opt back in ("Reply START to resubscribe").
 * With no stated purpose only STOP, STOPALL, UNSUBSCRIBE, OPT OUT/OPTOUT, HELP, INFO and AYUDA pass
 * ("Reply STOP", "To opt out, reply STOP"); "To confirm, reply YES" does not.
 * Instructions are found after a verb (reply, text, send, respond, type, responda, envíe, …) and,
 * for an all-caps keyword, without one ("YES to confirm, CANCEL to cancel"). Items joined by a
 * comma, "or" or "o" are read one by one ("Reply HELP for help, STOP to opt out").
 */
import {
  HELP_EN,
  HELP_ES,
  OPTIN_EN,
  OPTIN_ES,
  OPTIN_IF_EN,
  OPTIN_IF_ES,
  OPTOUT_ALL_EN,
  OPTOUT_EN,
  OPTOUT_ES,
} from '../../../runtime/core/keyword-lists';
import { foldedWords, type Token } from './text';

export type ReservedKind = 'optout' | 'help' | 'optin';

export interface ReplyInstruction {
  /** The keyword as listed (folded, e.g. `yes`, `opt out`): ours, never the text's own spelling. */
  keyword: string;
  kind: ReservedKind;
  /** Token index of the keyword. */
  at: number;
  allowed: boolean;
}

interface Keyword {
  words: readonly string[];
  text: string;
  kind: ReservedKind;
}

const KEYWORDS: readonly Keyword[] = [
  ...[...OPTOUT_EN, ...OPTOUT_ES, ...OPTOUT_ALL_EN].map((k) => ({ k, kind: 'optout' as const })),
  ...[...HELP_EN, ...HELP_ES].map((k) => ({ k, kind: 'help' as const })),
  ...[...OPTIN_EN, ...OPTIN_ES, ...OPTIN_IF_EN, ...OPTIN_IF_ES].map((k) => ({ k, kind: 'optin' as const })),
]
  .map(({ k, kind }) => ({ words: foldedWords(k), text: k, kind }))
  .sort((a, b) => b.words.length - a.words.length);

/** Reserved words that are also everyday words: they count only in capitals ("Responda si desea" is "if"). */
const CAPS_ONLY: ReadonlySet<string> = new Set(['para', 'pare', 'alto', 'fin', 'baja', 'basta', 'end', 'info']);
/** "si" (if) vs "SÍ"/"sí" (yes): yes when in capitals or written with the accent. */
const ACCENT_OR_CAPS: ReadonlySet<string> = new Set(['si']);
const NO_PURPOSE_OK: ReadonlySet<string> = new Set(['stop', 'stopall', 'unsubscribe', 'opt out', 'optout', 'help', 'info', 'ayuda']);

const VERBS: ReadonlySet<string> = new Set([
  'reply',
  'replying',
  'respond',
  'text',
  'txt',
  'send',
  'type',
  'msg',
  'answer',
  'write',
  'enter',
  'say',
  'responda',
  'responde',
  'respondan',
  'conteste',
  'contesta',
  'envie',
  'envia',
  'envien',
  'mande',
  'manda',
  'escriba',
  'escribe',
  'textee',
  'diga',
  'di',
]);
/** Words that may stand between the verb and the keyword: "reply back with the word YES", "responda con la palabra SÍ". */
const BRIDGE: ReadonlySet<string> = new Set([
  'back',
  'with',
  'the',
  'word',
  'keyword',
  'us',
  'con',
  'la',
  'palabra',
  'el',
  'texto',
  'just',
  'only',
  'solo',
]);
const CONNECTORS: ReadonlySet<string> = new Set(['to', 'for', 'para', 'if', 'si']);
const ITEM_JOINERS: ReadonlySet<string> = new Set(['or', 'o', 'and', 'y']);
const APPOINTMENT_WORDS: ReadonlySet<string> = new Set([
  'appointment',
  'appt',
  'appointments',
  'visit',
  'cita',
  'citas',
  'consulta',
  'booking',
  'reservation',
]);

/** Purposes that say "opt out" whatever the keyword. */
const OPTOUT_PURPOSES = [
  'opt out',
  'optout',
  'unsubscribe',
  'be removed',
  'no longer receive',
  'stop receiving',
  'stop getting',
  'revoke consent',
  'darse de baja',
  'dar de baja',
  'darte de baja',
  'dejar de recibir',
  'no recibir',
  'optar por no',
  'cancelar la suscripcion',
  'cancelar su suscripcion',
].map(foldedWords);
/** Bare verbs ("to cancel", "to end"): an opt-out only with a messaging object, or after STOP-like keywords. */
const BARE_OPTOUT_VERBS = ['stop', 'end', 'cancel', 'quit', 'cancelar', 'detener', 'salir', 'remove', 'parar'].map(foldedWords);
const STRONG_OPTOUT: ReadonlySet<string> = new Set(['stop', 'stopall', 'unsubscribe', 'optout', 'opt out', 'parar', 'desuscribir']);
const MESSAGING_OBJECTS: ReadonlySet<string> = new Set([
  'messages',
  'message',
  'texts',
  'text',
  'sms',
  'alerts',
  'reminders',
  'notifications',
  'subscription',
  'mensajes',
  'textos',
  'recordatorios',
  'notificaciones',
  'suscripcion',
  'alertas',
  'updates',
  'reminder',
]);
const RECEIVE: ReadonlySet<string> = new Set(['receive', 'get', 'recibir']);
const PURPOSES: Record<Exclude<ReservedKind, 'optout'>, readonly (readonly string[])[]> = {
  help: [
    'help',
    'info',
    'information',
    'more info',
    'more information',
    'assistance',
    'support',
    'ayuda',
    'obtener ayuda',
    'informacion',
    'mas informacion',
    'asistencia',
    'recibir ayuda',
  ].map(foldedWords),
  optin: [
    'opt in',
    'optin',
    'opt back in',
    'resubscribe',
    're subscribe',
    'subscribe',
    'resume',
    'start receiving',
    'receive messages again',
    'receive texts again',
    'rejoin',
    'volver a suscribirse',
    'suscribirse',
    'recibir mensajes',
    'reanudar',
    'start again',
  ].map(foldedWords),
};

function startsWith(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  return words.every((w, k) => tokens[at + k]?.folded === w && (k === 0 || tokens[at + k]?.breakBefore === false));
}

function isCaps(raw: string): boolean {
  return raw === raw.toUpperCase() && raw !== raw.toLowerCase();
}

/** The reserved keyword starting at token `at`, honouring the capitals-only words. */
function keywordAt(tokens: readonly Token[], at: number): Keyword | null {
  for (const k of KEYWORDS) {
    if (!startsWith(tokens, at, k.words)) continue;
    const raw = tokens[at]?.raw ?? '';
    if (CAPS_ONLY.has(k.text) && !isCaps(raw)) continue;
    if (ACCENT_OR_CAPS.has(k.text) && !isCaps(raw) && !/[íÍ]/.test(raw)) continue;
    return k;
  }
  return null;
}

/** The purpose clause after a connector: tokens up to the next break, comma, or item joiner. */
function purposeAfter(tokens: readonly Token[], from: number): { start: number; end: number } {
  let end = from;
  while (end < tokens.length) {
    const t = tokens[end] as Token;
    if (end > from && (t.breakBefore || t.gap.includes(',') || ITEM_JOINERS.has(t.folded))) break;
    end++;
  }
  return { start: from, end };
}

function purposeAllowed(k: Keyword, tokens: readonly Token[], start: number, end: number): boolean {
  const words = tokens.slice(start, end).map((t) => t.folded);
  const aboutMessages = words.some((w) => MESSAGING_OBJECTS.has(w));
  if (k.kind === 'help') return PURPOSES.help.some((p) => startsWith(tokens, start, p));
  // "Reply YES to receive appointment reminders by text": opting in to messages is YES's own meaning.
  if (k.kind === 'optin') return PURPOSES.optin.some((p) => startsWith(tokens, start, p)) || (RECEIVE.has(words[0] ?? '') && aboutMessages);
  if (words.some((w) => APPOINTMENT_WORDS.has(w))) return false;
  if (OPTOUT_PURPOSES.some((p) => startsWith(tokens, start, p))) return true;
  if (!BARE_OPTOUT_VERBS.some((p) => startsWith(tokens, start, p))) return false;
  return STRONG_OPTOUT.has(k.text) || aboutMessages;
}

/** Reads one item (keyword or other reply, then an optional purpose) at `at`; returns the index after it. */
function readItem(tokens: readonly Token[], at: number, out: ReplyInstruction[]): number {
  const k = keywordAt(tokens, at);
  const after = at + (k?.words.length ?? 1);
  const next = tokens[after];
  const hasConnector =
    next !== undefined && !next.breakBefore && !next.gap.includes(',') && (CONNECTORS.has(next.folded) || /[=:\-–]/.test(next.gap));
  let end = after;
  let allowed = true;
  if (hasConnector) {
    const purposeStart = /[=:\-–]/.test(next.gap) && !CONNECTORS.has(next.folded) ? after : after + 1;
    const p = purposeAfter(tokens, purposeStart);
    end = p.end;
    if (k !== null) allowed = purposeAllowed(k, tokens, p.start, p.end);
  } else if (k !== null) {
    allowed = NO_PURPOSE_OK.has(k.text);
  }
  if (k !== null) out.push({ keyword: k.text, kind: k.kind, at, allowed });
  return end;
}

/** Whether another item follows at `i` ("…, STOP to opt out", "… or 2 to reschedule"). */
function nextItemStart(tokens: readonly Token[], i: number): number | null {
  const t = tokens[i];
  if (t === undefined || t.breakBefore) return null;
  let at = i;
  if (ITEM_JOINERS.has(t.folded)) at++;
  else if (!t.gap.includes(',') && !t.gap.includes('/')) return null;
  const candidate = tokens[at];
  if (candidate === undefined || (at > i && candidate.breakBefore)) return null;
  if (keywordAt(tokens, at) !== null) return at;
  const following = tokens[at + 1];
  if (following !== undefined && !following.breakBefore && (CONNECTORS.has(following.folded) || /[=:]/.test(following.gap))) return at;
  return null;
}

export function findReplyInstructions(tokens: readonly Token[]): ReplyInstruction[] {
  const out: ReplyInstruction[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    let at: number | null = null;
    if (VERBS.has(t.folded)) {
      at = i + 1;
      while (at < tokens.length && BRIDGE.has(tokens[at]?.folded ?? '') && keywordAt(tokens, at) === null && !tokens[at]?.breakBefore) at++;
      if (tokens[at]?.breakBefore === true || at >= tokens.length) at = null;
      else if (keywordAt(tokens, at) === null && nextItemStart(tokens, at) === null) {
        // "Reply 1 to confirm, 2 to reschedule": a non-keyword first item still starts a list.
        const following = tokens[at + 1];
        if (!(following !== undefined && !following.breakBefore && CONNECTORS.has(following.folded))) at = null;
      }
    } else if (isCaps(t.raw) && t.raw.length > 1 && keywordAt(tokens, i) !== null && !seen.has(i)) {
      const k = keywordAt(tokens, i) as Keyword;
      const next = tokens[i + k.words.length];
      if (next !== undefined && !next.breakBefore && (CONNECTORS.has(next.folded) || /[=:]/.test(next.gap))) at = i;
    }
    while (at !== null) {
      const before = out.length;
      const end = readItem(tokens, at, out);
      for (const r of out.slice(before)) seen.add(r.at);
      at = nextItemStart(tokens, end);
    }
  }
  const unique = new Map<number, ReplyInstruction>();
  for (const r of out) if (!unique.has(r.at)) unique.set(r.at, r);
  return [...unique.values()];
}
