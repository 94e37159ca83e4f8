/**
 * The only texts /sms/inbound ever sends. PHI-free by construction: fixed wording plus the clinic
 * name and help number from validated config; nothing from the patient's message. One
 * confirmation per state change (FCC 47 CFR 64.1200(a)(12): one confirmation, no marketing).
 */
export type ReplyKind = 'optout' | 'optout_all' | 'optin' | 'help';
export type ReplyLanguage = 'en' | 'es';

export interface ReplyVars {
  clinicName: string;
  helpPhone: string;
}

const TEXTS: Record<ReplyLanguage, Record<ReplyKind, (v: ReplyVars) => string>> = {
  en: {
    optout: (v) => `${v.clinicName}: You are unsubscribed and will get no more texts from this number. Reply START to resubscribe.`,
    optout_all: (v) => `${v.clinicName}: You are unsubscribed from all of our texts. Reply START to resubscribe.`,
    optin: (v) => `${v.clinicName}: You are resubscribed to texts from this number. Reply STOP to unsubscribe.`,
    help: (v) => `${v.clinicName}: For help call ${v.helpPhone}. Reply STOP to unsubscribe. Msg&data rates may apply.`,
  },
  es: {
    optout: (v) =>
      `${v.clinicName}: Se ha dado de baja y no recibirá más mensajes de este número. Responda START para volver a suscribirse.`,
    optout_all: (v) => `${v.clinicName}: Se ha dado de baja de todos nuestros mensajes. Responda START para volver a suscribirse.`,
    optin: (v) => `${v.clinicName}: Se ha vuelto a suscribir a los mensajes de este número. Responda STOP para darse de baja.`,
    help: (v) => `${v.clinicName}: Para ayuda llame al ${v.helpPhone}. Responda STOP para darse de baja. Pueden aplicar tarifas.`,
  },
};

export function replyText(kind: ReplyKind, language: ReplyLanguage, vars: ReplyVars): string {
  return TEXTS[language][kind](vars);
}

export const REPLY_KINDS: readonly ReplyKind[] = ['optout', 'optout_all', 'optin', 'help'];
export const REPLY_LANGUAGES: readonly ReplyLanguage[] = ['en', 'es'];
