/**
 * Fills a reminder template. Only the four allowlisted placeholders exist (the template schema
 * rejects any other), and their values come from validated config and a parsed date: nothing
 * from the request is ever copied into the text.
 */
import type { ReminderTemplate, TemplateLanguage } from '../clinic/clinic-config';

export interface TemplateVars {
  clinicName: string;
  date: string;
  time: string;
  locationName: string;
}

const LOCALES: Record<TemplateLanguage, string> = { en: 'en-US', es: 'es-US' };

/** The appointment's date and time as shown to the patient, in the clinic's time zone. */
export function formatAppointment(at: Date, timeZone: string, language: TemplateLanguage): { date: string; time: string } {
  const locale = LOCALES[language];
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
  return { date, time };
}

export function renderTemplate(template: ReminderTemplate, vars: TemplateVars): string {
  return template.text.replace(/\{\{(clinicName|date|time|locationName)\}\}/g, (_m, name: keyof TemplateVars) => vars[name]);
}
