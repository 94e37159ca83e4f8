/**
 * The only texts (and spoken lines) that answer an appointment reply. PHI-free by construction:
 * fixed wording plus the clinic name and phone from validated config; never the appointment's
 * date, place or kind, and no reserved keyword as an instruction.
 */
import type { TemplateLanguage } from '../clinic/clinic-config';
import type { ReplyAction } from './pending';

export type AckKind = ReplyAction | 'unknown';

export interface AckVars {
  clinicName: string;
  helpPhone: string;
}

const TEXTS: Record<TemplateLanguage, Record<AckKind, (v: AckVars) => string>> = {
  en: {
    confirm: (v) => `${v.clinicName}: Thank you, your appointment is confirmed.`,
    reschedule: (v) => `${v.clinicName}: Thank you. We will contact you to find a new time, or call us at ${v.helpPhone}.`,
    cancel: (v) => `${v.clinicName}: Your appointment is canceled. Call ${v.helpPhone} to book a new one.`,
    unknown: (v) => `${v.clinicName}: Please reply 1, 2 or 3, or call us at ${v.helpPhone}.`,
  },
  es: {
    confirm: (v) => `${v.clinicName}: Gracias, su cita está confirmada.`,
    reschedule: (v) => `${v.clinicName}: Gracias. Le contactaremos para buscar otra fecha, o llámenos al ${v.helpPhone}.`,
    cancel: (v) => `${v.clinicName}: Su cita ha sido cancelada. Llame al ${v.helpPhone} para pedir otra.`,
    unknown: (v) => `${v.clinicName}: Responda 1, 2 o 3, o llámenos al ${v.helpPhone}.`,
  },
};

export function ackText(kind: AckKind, language: TemplateLanguage, vars: AckVars): string {
  return TEXTS[language][kind](vars);
}

export const ACK_KINDS: readonly AckKind[] = ['confirm', 'reschedule', 'cancel', 'unknown'];

/** A reply's digit → action ("1", " 1 ", "1." and full-width digits count; anything else is not a choice). */
export function actionForDigit(text: string): ReplyAction | null {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/[.!)]$/, '')
    .trim();
  if (t === '1') return 'confirm';
  if (t === '2') return 'reschedule';
  if (t === '3') return 'cancel';
  return null;
}
