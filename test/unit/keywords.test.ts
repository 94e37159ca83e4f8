import fc from 'fast-check';
import {
  classifyMessage,
  KEYWORDS,
  MAX_PHRASE_TOKENS,
  optoutPhrases,
  optoutTailPhrases,
  type Classification,
  type KeywordClass,
} from '../../src/runtime/core/keywords';
import { MAX_BODY_CHARS, normalizeMessage } from '../../src/runtime/core/normalize';

type Rule = Classification['rule'];
type Lang = Classification['language'];
type Row = [body: string, kind: KeywordClass, rule: Rule, language: Lang];

const ZWSP = '\u200B';
const NBSP = '\u00A0';

/** A readable test title: JSON-escaped, long bodies shortened. */
function label(body: string): string {
  const shown = body.length > 60 ? `${body.slice(0, 30)}… (${body.length} chars)` : body;
  return JSON.stringify(shown);
}

function expectClass(body: string, kind: KeywordClass, rule: Rule, language: Lang): void {
  expect(classifyMessage(body)).toEqual({ kind, rule, language });
}

// ------------------------------------------------------------------------------------------------
// Table cases (every row asserts kind, rule and language)
// ------------------------------------------------------------------------------------------------

const ENGLISH_KEYWORDS_CASE: Row[] = [
  ['STOP', 'optout', 'exact', 'en'],
  ['stop', 'optout', 'exact', 'en'],
  ['Stop', 'optout', 'exact', 'en'],
  ['sToP', 'optout', 'exact', 'en'],
  ['UNSUBSCRIBE', 'optout', 'exact', 'en'],
  ['unsubscribe', 'optout', 'exact', 'en'],
  ['Unsubscribe', 'optout', 'exact', 'en'],
  ['CANCEL', 'optout', 'exact', 'en'],
  ['cancel', 'optout', 'exact', 'en'],
  ['Cancel', 'optout', 'exact', 'en'],
  ['END', 'optout', 'exact', 'en'],
  ['end', 'optout', 'exact', 'en'],
  ['End', 'optout', 'exact', 'en'],
  ['QUIT', 'optout', 'exact', 'en'],
  ['quit', 'optout', 'exact', 'en'],
  ['Quit', 'optout', 'exact', 'en'],
  ['REVOKE', 'optout', 'exact', 'en'],
  ['revoke', 'optout', 'exact', 'en'],
  ['Revoke', 'optout', 'exact', 'en'],
  ['OPTOUT', 'optout', 'exact', 'en'],
  ['optout', 'optout', 'exact', 'en'],
  ['OptOut', 'optout', 'exact', 'en'],
  ['STOPALL', 'optout_all', 'exact', 'en'],
  ['stopall', 'optout_all', 'exact', 'en'],
  ['StopAll', 'optout_all', 'exact', 'en'],
  ['OPT OUT', 'optout', 'exact', 'en'],
  ['opt out', 'optout', 'exact', 'en'],
  ['Opt Out', 'optout', 'exact', 'en'],
  ['OPT-OUT', 'optout', 'exact', 'en'],
  ['opt-out', 'optout', 'exact', 'en'],
  ['Opt_Out', 'optout', 'exact', 'en'],
  ['opt.out', 'optout', 'exact', 'en'],
  ['START', 'optin', 'exact', 'en'],
  ['start', 'optin', 'exact', 'en'],
  ['Start', 'optin', 'exact', 'en'],
  ['UNSTOP', 'optin', 'exact', 'en'],
  ['unstop', 'optin', 'exact', 'en'],
  ['UnStop', 'optin', 'exact', 'en'],
  ['YES', 'optin_if_opted_out', 'exact', 'en'],
  ['yes', 'optin_if_opted_out', 'exact', 'en'],
  ['Yes', 'optin_if_opted_out', 'exact', 'en'],
  ['HELP', 'help', 'exact', 'en'],
  ['help', 'help', 'exact', 'en'],
  ['Help', 'help', 'exact', 'en'],
  ['INFO', 'help', 'exact', 'en'],
  ['info', 'help', 'exact', 'en'],
  ['Info', 'help', 'exact', 'en'],
  ['Wrong number', 'optout', 'exact', 'en'],
  ['NO MORE', 'optout', 'exact', 'en'],
];

const SPANISH_KEYWORDS: Row[] = [
  ['PARAR', 'optout', 'exact', 'es'],
  ['parar', 'optout', 'exact', 'es'],
  ['Parar', 'optout', 'exact', 'es'],
  ['PARA', 'optout', 'exact', 'es'],
  ['para', 'optout', 'exact', 'es'],
  ['¡Para!', 'optout', 'exact', 'es'],
  ['para para', 'optout', 'exact', 'es'],
  ['ALTO', 'optout', 'exact', 'es'],
  ['alto', 'optout', 'exact', 'es'],
  ['DETENER', 'optout', 'exact', 'es'],
  ['Detener', 'optout', 'exact', 'es'],
  ['CANCELAR', 'optout', 'exact', 'es'],
  ['Cancelar', 'optout', 'exact', 'es'],
  ['BAJA', 'optout', 'exact', 'es'],
  ['baja', 'optout', 'exact', 'es'],
  ['FIN', 'optout', 'exact', 'es'],
  ['Basta', 'optout', 'exact', 'es'],
  ['PARE', 'optout', 'exact', 'es'],
  ['Paren', 'optout', 'exact', 'es'],
  ['DESUSCRIBIR', 'optout', 'exact', 'es'],
  ['desuscribirme', 'optout', 'exact', 'es'],
  ['NO MÁS', 'optout', 'exact', 'es'],
  ['no mas', 'optout', 'exact', 'es'],
  ['No Más', 'optout', 'exact', 'es'],
  ['NO MAS', 'optout', 'exact', 'es'],
  ['COMENZAR', 'optin', 'exact', 'es'],
  ['comenzar', 'optin', 'exact', 'es'],
  ['INICIAR', 'optin', 'exact', 'es'],
  ['SI', 'optin_if_opted_out', 'exact', 'es'],
  ['si', 'optin_if_opted_out', 'exact', 'es'],
  ['Sí', 'optin_if_opted_out', 'exact', 'es'],
  ['SÍ', 'optin_if_opted_out', 'exact', 'es'],
  ['AYUDA', 'help', 'exact', 'es'],
  ['ayuda', 'help', 'exact', 'es'],
  ['Ayuda', 'help', 'exact', 'es'],
  ['¿AYUDA?', 'help', 'exact', 'es'],
  ['¡ALTO!', 'optout', 'exact', 'es'],
];

const WHITESPACE_AND_PUNCTUATION: Row[] = [
  ['  STOP  ', 'optout', 'exact', 'en'],
  ['\nstop\n', 'optout', 'exact', 'en'],
  ['\tSTOP\t', 'optout', 'exact', 'en'],
  ['\r\nSTOP\r\n', 'optout', 'exact', 'en'],
  [`${NBSP}STOP${NBSP}`, 'optout', 'exact', 'en'],
  ['\u3000STOP\u3000', 'optout', 'exact', 'en'],
  ['\u2003stop\u2009', 'optout', 'exact', 'en'],
  ['STOP!!!', 'optout', 'exact', 'en'],
  ['Stop.', 'optout', 'exact', 'en'],
  ['stop?', 'optout', 'exact', 'en'],
  ['*STOP*', 'optout', 'exact', 'en'],
  ["'stop'", 'optout', 'exact', 'en'],
  ['"STOP"', 'optout', 'exact', 'en'],
  ['“Stop”', 'optout', 'exact', 'en'],
  ['(stop)', 'optout', 'exact', 'en'],
  ['STOP!?', 'optout', 'exact', 'en'],
  ['-stop-', 'optout', 'exact', 'en'],
  ['...stop...', 'optout', 'exact', 'en'],
  ['#STOP', 'optout', 'exact', 'en'],
  ['HELP?', 'help', 'exact', 'en'],
  ['Yes!', 'optin_if_opted_out', 'exact', 'en'],
  ['START.', 'optin', 'exact', 'en'],
];

const UNICODE_TRICKS: Row[] = [
  ['ＳＴＯＰ', 'optout', 'exact', 'en'],
  ['ｓｔｏｐ', 'optout', 'exact', 'en'],
  ['ＳＴＯＰ！', 'optout', 'exact', 'en'],
  ['ＨＥＬＰ', 'help', 'exact', 'en'],
  ['𝐒𝐓𝐎𝐏', 'optout', 'exact', 'en'],
  ['ⓈⓉⓄⓅ', 'optout', 'exact', 'en'],
  [`s${ZWSP}top`, 'optout', 'exact', 'en'],
  [`${ZWSP}STOP${ZWSP}`, 'optout', 'exact', 'en'],
  ['\uFEFFSTOP', 'optout', 'exact', 'en'],
  ['st\u00ADop', 'optout', 'exact', 'en'],
  ['S\u200DTOP', 'optout', 'exact', 'en'],
  ['S\u200CT\u2060OP', 'optout', 'exact', 'en'],
  ['\u200Estop\u200F', 'optout', 'exact', 'en'],
  ['\u202Estop\u202C', 'optout', 'exact', 'en'],
  ['STOP\uFE0F', 'optout', 'exact', 'en'],
  ['stöp', 'optout', 'exact', 'en'],
  ['ＳＴＯＰ™', 'optout', 'exact', 'en'],
  ['🛑 STOP 🛑', 'optout', 'exact', 'en'],
  ['🛑STOP🛑', 'optout', 'exact', 'en'],
  ['STOP 👋', 'optout', 'exact', 'en'],
  ['STOP ✋🏽', 'optout', 'exact', 'en'],
  ['🇺🇸 stop', 'optout', 'exact', 'en'],
  ['👍 yes', 'optin_if_opted_out', 'exact', 'en'],
  ['🙏 help 🙏', 'help', 'exact', 'en'],
  ['❤️ Sí ❤️', 'optin_if_opted_out', 'exact', 'es'],
  ['S T O P', 'optout', 'exact', 'en'],
  ['s.t.o.p', 'optout', 'exact', 'en'],
  ['H E L P', 'help', 'exact', 'en'],
];

const FILLERS: Row[] = [
  ['stop please', 'optout', 'with_filler', 'en'],
  ['please stop', 'optout', 'with_filler', 'en'],
  ['STOP PLEASE', 'optout', 'with_filler', 'en'],
  ['PLEASE CANCEL', 'optout', 'with_filler', 'en'],
  ['Stop, please.', 'optout', 'with_filler', 'en'],
  ['stop pls', 'optout', 'with_filler', 'en'],
  ['plz stop', 'optout', 'with_filler', 'en'],
  ['stop now', 'optout', 'with_filler', 'en'],
  ['stop now please', 'optout', 'with_filler', 'en'],
  ['stop right now', 'optout', 'with_filler', 'en'],
  ['stop thanks', 'optout', 'with_filler', 'en'],
  ['thanks stop', 'optout', 'with_filler', 'en'],
  ['stop thank you', 'optout', 'with_filler', 'en'],
  ['Thank you. STOP', 'optout', 'with_filler', 'en'],
  ['stop asap', 'optout', 'with_filler', 'en'],
  ['stop it', 'optout', 'with_filler', 'en'],
  ['Stop it please!', 'optout', 'with_filler', 'en'],
  ['just stop', 'optout', 'with_filler', 'en'],
  ['stop already', 'optout', 'with_filler', 'en'],
  ['ok stop', 'optout', 'with_filler', 'en'],
  ['stop okay', 'optout', 'with_filler', 'en'],
  ['sorry stop', 'optout', 'with_filler', 'en'],
  ['hi, stop', 'optout', 'with_filler', 'en'],
  ['cancel please', 'optout', 'with_filler', 'en'],
  ['please cancel', 'optout', 'with_filler', 'en'],
  ['unsubscribe me', 'optout', 'with_filler', 'en'],
  ['unsubscribe please', 'optout', 'with_filler', 'en'],
  ['end please', 'optout', 'with_filler', 'en'],
  ['quit it', 'optout', 'with_filler', 'en'],
  ['Opt out please', 'optout', 'with_filler', 'en'],
  ['please opt-out', 'optout', 'with_filler', 'en'],
  ['wrong number sorry', 'optout', 'with_filler', 'en'],
  ['STOP STOP STOP', 'optout', 'exact', 'en'],
  ['please '.repeat(50) + 'stop', 'optout', 'with_filler', 'en'],
  ['start please', 'optin', 'with_filler', 'en'],
  ['yes please', 'optin_if_opted_out', 'with_filler', 'en'],
  ['please yes', 'optin_if_opted_out', 'with_filler', 'en'],
  ['Yes, thanks!', 'optin_if_opted_out', 'with_filler', 'en'],
  ['help please', 'help', 'with_filler', 'en'],
  ['help me', 'help', 'with_filler', 'en'],
  ['HELP ME', 'help', 'with_filler', 'en'],
  ['please help', 'help', 'with_filler', 'en'],
  ['info please', 'help', 'with_filler', 'en'],
  ['Sí, gracias', 'optin_if_opted_out', 'with_filler', 'es'],
  ['si por favor', 'optin_if_opted_out', 'with_filler', 'es'],
  ['ayuda por favor', 'help', 'with_filler', 'es'],
  ['por favor ayuda', 'help', 'with_filler', 'es'],
  ['baja por favor', 'optout', 'with_filler', 'es'],
  ['Por favor, BAJA', 'optout', 'with_filler', 'es'],
  ['alto ya', 'optout', 'with_filler', 'es'],
  ['¡Basta ya!', 'optout', 'with_filler', 'es'],
  ['cancelar por favor', 'optout', 'with_filler', 'es'],
  ['stop por favor', 'optout', 'with_filler', 'es'],
  ['Gracias, STOP', 'optout', 'with_filler', 'es'],
  ['no más por favor', 'optout', 'with_filler', 'es'],
  ['ya no mas', 'optout', 'with_filler', 'es'],
  ['comenzar por favor', 'optin', 'with_filler', 'es'],
];

const ALL_AND_PRECEDENCE: Row[] = [
  ['stop all', 'optout_all', 'with_filler', 'en'],
  ['STOP ALL', 'optout_all', 'with_filler', 'en'],
  ['Stop all please', 'optout_all', 'with_filler', 'en'],
  ['all stop', 'optout_all', 'with_filler', 'en'],
  ['unsubscribe all', 'optout_all', 'with_filler', 'en'],
  ['cancel all', 'optout_all', 'with_filler', 'en'],
  ['cancelar todo', 'optout_all', 'with_filler', 'es'],
  ['baja todo', 'optout_all', 'with_filler', 'es'],
  ['stopall please', 'optout_all', 'with_filler', 'en'],
  ['start all', 'optin', 'with_filler', 'en'],
  ['help all', 'help', 'with_filler', 'en'],
  ['stop help', 'optout', 'exact', 'en'],
  ['help stop', 'optout', 'exact', 'en'],
  ['yes stop', 'optout', 'exact', 'en'],
  ['start stop', 'optout', 'exact', 'en'],
  ['Yes. STOP.', 'optout', 'exact', 'en'],
  ['help start', 'help', 'exact', 'en'],
  ['start yes', 'optin', 'exact', 'en'],
  ['help yes', 'help', 'exact', 'en'],
  ['stopall help', 'optout_all', 'exact', 'en'],
  ['ayuda baja', 'optout', 'exact', 'es'],
  ['stop ayuda', 'optout', 'exact', 'es'],
  ['help, stop texting me', 'optout', 'phrase', 'en'],
  ['yes but stop texting me', 'optout', 'phrase', 'en'],
];

const PHRASES: Row[] = [
  ['Stop texting me!!', 'optout', 'phrase', 'en'],
  ['please stop texting me', 'optout', 'phrase', 'en'],
  ['STOP TEXTING ME', 'optout', 'phrase', 'en'],
  ['stop texting', 'optout', 'phrase', 'en'],
  ['Stop messaging me', 'optout', 'phrase', 'en'],
  ['stop sending me these', 'optout', 'phrase', 'en'],
  ['Stop contacting me', 'optout', 'phrase', 'en'],
  ['Quit texting me', 'optout', 'phrase', 'en'],
  ['Why won’t you stop texting me', 'optout', 'phrase', 'en'],
  ["Why don't you stop texting me", 'optout', 'phrase', 'en'],
  ['no dejen de enviarme', 'optout', 'phrase', 'es'],
  ['I want to stop getting these', 'optout', 'phrase', 'en'],
  ['I want to stop', 'optout', 'phrase', 'en'],
  ['I would like to stop please', 'optout', 'phrase', 'en'],
  ['can you stop', 'optout', 'phrase', 'en'],
  ['Could you please stop?', 'optout', 'phrase', 'en'],
  ['How do I stop this', 'optout', 'phrase', 'en'],
  ['stop the texts', 'optout', 'phrase', 'en'],
  ['Stop these messages', 'optout', 'phrase', 'en'],
  ['stop all texts', 'optout_all', 'phrase', 'en'],
  ['Stop all messages please', 'optout_all', 'phrase', 'en'],
  ['no more texts', 'optout', 'phrase', 'en'],
  ['No more messages please', 'optout', 'phrase', 'en'],
  ['I dont want these reminders', 'optout', 'phrase', 'en'],
  ['I do not want any more texts', 'optout', 'phrase', 'en'],
  ['I no longer want these messages', 'optout', 'phrase', 'en'],
  ['dont text me', 'optout', 'phrase', 'en'],
  ['Don’t text me', 'optout', 'phrase', 'en'],
  ['do not text me', 'optout', 'phrase', 'en'],
  ['DO NOT TEXT ME', 'optout', 'phrase', 'en'],
  ['Do not contact me', 'optout', 'phrase', 'en'],
  ['never text me again', 'optout', 'phrase', 'en'],
  ['dont text this number', 'optout', 'phrase', 'en'],
  ['dont send me these texts', 'optout', 'phrase', 'en'],
  ['remove me', 'optout', 'phrase', 'en'],
  ['Remove me please', 'optout', 'phrase', 'en'],
  ['Remove me from your list', 'optout', 'phrase', 'en'],
  ['take me off your list', 'optout', 'phrase', 'en'],
  ['take me off', 'optout', 'phrase', 'en'],
  ['remove my number', 'optout', 'phrase', 'en'],
  ['delete my number please', 'optout', 'phrase', 'en'],
  ['leave me alone', 'optout', 'phrase', 'en'],
  ['Leave me alone!', 'optout', 'phrase', 'en'],
  ['Unsubscribe me from this', 'optout', 'phrase', 'en'],
  ['how do i unsubscribe', 'optout', 'phrase', 'en'],
  ['I revoke consent', 'optout', 'phrase', 'en'],
  ['revoke my consent', 'optout', 'phrase', 'en'],
  ['I withdraw my consent', 'optout', 'phrase', 'en'],
  ['I do not consent to texts', 'optout', 'phrase', 'en'],
  ['opt me out', 'optout', 'phrase', 'en'],
  ['I already opted out', 'optout', 'phrase', 'en'],
  ['I want to opt out', 'optout', 'phrase', 'en'],
  ['please opt me out of these', 'optout', 'phrase', 'en'],
  ['STOP. I moved to another clinic', 'optout', 'phrase', 'en'],
  ['Stop, I moved', 'optout', 'phrase', 'en'],
  ['I moved away. STOP', 'optout', 'phrase', 'en'],
  ['Wrong number, this is not my phone', 'optout', 'phrase', 'en'],
  ['Not my phone.\nUnsubscribe', 'optout', 'phrase', 'en'],
  ['hello this is about my mom please stop texting me now thanks', 'optout', 'phrase', 'en'],
  ['No me escriban', 'optout', 'phrase', 'es'],
  ['no me escriban más', 'optout', 'phrase', 'es'],
  ['Dejen de enviarme mensajes', 'optout', 'phrase', 'es'],
  ['deja de mandarme mensajes', 'optout', 'phrase', 'es'],
  ['para de escribirme', 'optout', 'phrase', 'es'],
  ['Quiero darme de baja', 'optout', 'phrase', 'es'],
  ['darme de baja por favor', 'optout', 'phrase', 'es'],
  ['dar de baja', 'optout', 'phrase', 'es'],
  ['denme de baja', 'optout', 'phrase', 'es'],
  ['cancelar suscripción', 'optout', 'phrase', 'es'],
  ['Cancelar mi suscripción por favor', 'optout', 'phrase', 'es'],
  ['no más mensajes', 'optout', 'phrase', 'es'],
  ['No mas mensajes por favor', 'optout', 'phrase', 'es'],
  ['no me envíen más', 'optout', 'phrase', 'es'],
  ['No me manden mas mensajes', 'optout', 'phrase', 'es'],
  ['no quiero recibir mensajes', 'optout', 'phrase', 'es'],
  ['No quiero más mensajes', 'optout', 'phrase', 'es'],
  ['Ya no quiero, gracias', 'optout', 'phrase', 'es'],
  ['sáquenme de la lista', 'optout', 'phrase', 'es'],
  ['Déjenme en paz', 'optout', 'phrase', 'es'],
  ['no me molesten', 'optout', 'phrase', 'es'],
  ['revoco mi consentimiento', 'optout', 'phrase', 'es'],
  ['desuscríbanme', 'optout', 'phrase', 'es'],
  ['BAJA. Ya no vivo aquí', 'optout', 'phrase', 'es'],
];

const NEGATIVES: Row[] = [
  ['1', 'none', 'none', null],
  ['2', 'none', 'none', null],
  ['3', 'none', 'none', null],
  ['1️⃣', 'none', 'none', null],
  ['0', 'none', 'none', null],
  ["Yes I'll be there", 'none', 'none', null],
  ['yes i will be there', 'none', 'none', null],
  ['yes and no', 'none', 'none', null],
  ["Can't stop coughing", 'none', 'none', null],
  ["I can't stop coughing", 'none', 'none', null],
  ['stopwatch', 'none', 'none', null],
  ['STOPP', 'none', 'none', null],
  ['Stopped by the pharmacy', 'none', 'none', null],
  ['I want to cancel', 'none', 'none', null],
  ['I want to end it all', 'none', 'none', null],
  ['I quit', 'none', 'none', null],
  ['no cancelar', 'none', 'none', null],
  ['I gave you the wrong number', 'none', 'none', null],
  ['Cancel my appointment', 'none', 'none', null],
  ['cancel appt', 'none', 'none', null],
  ['Can I cancel my appointment?', 'none', 'none', null],
  ["Cancel. I'll call to reschedule", 'none', 'none', null],
  ['see you at the end of the week', 'none', 'none', null],
  ['The end', 'none', 'none', null],
  ['Ending soon', 'none', 'none', null],
  ['information please', 'none', 'none', null],
  ['starting to feel better', 'none', 'none', null],
  ['help me reschedule', 'none', 'none', null],
  ['Help me find the address', 'none', 'none', null],
  ['Quite well thanks', 'none', 'none', null],
  ['Stop eating at midnight?', 'none', 'none', null],
  ['Should I stop taking it before surgery', 'none', 'none', null],
  ['I want to stop taking my medication', 'none', 'none', null],
  ['How do I stop getting headaches', 'none', 'none', null],
  ["Please don't stop texting me", 'none', 'none', null],
  ['Do not stop the reminders', 'none', 'none', null],
  ['dont unsubscribe me', 'none', 'none', null],
  ['I did not unsubscribe', 'none', 'none', null],
  ['remove me from the 3pm slot', 'none', 'none', null],
  ['dont send me the bill', 'none', 'none', null],
  ['no more pain since surgery', 'none', 'none', null],
  ['Opt in', 'none', 'none', null],
  ['ok', 'none', 'none', null],
  ['Ok thanks', 'none', 'none', null],
  ['thanks', 'none', 'none', null],
  ['please', 'none', 'none', null],
  ['all', 'none', 'none', null],
  ['S', 'none', 'none', null],
  ['', 'none', 'none', null],
  ['   ', 'none', 'none', null],
  [`${ZWSP}${NBSP}\n`, 'none', 'none', null],
  ['🙂', 'none', 'none', null],
  ['🛑', 'none', 'none', null],
  ['👍🏽🙏', 'none', 'none', null],
  ['!!!', 'none', 'none', null],
  ['para mañana', 'none', 'none', null],
  ['para ayuda', 'none', 'none', null],
  ['para info', 'none', 'none', null],
  ['para ya', 'none', 'none', null],
  ['Alta', 'none', 'none', null],
  ['Dar de alta', 'none', 'none', null],
  ['más tarde', 'none', 'none', null],
  ['no', 'none', 'none', null],
  ['No mas dolor', 'none', 'none', null],
  ['si puedo ir', 'none', 'none', null],
  ['Estoy de baja médica', 'none', 'none', null],
  ['The end. See you', 'none', 'none', null],
];

/**
 * Revocations at any length (issue 10, defect 6): these used to be 'none' past 12 tokens. The
 * labelled corpus (revocation-corpus.test.ts) measures precision and recall; these rows pin the
 * rules and judgment calls of docs/keywords.md "Long messages".
 */
const LONG_MESSAGES: Row[] = [
  // 13 tokens: this row used to assert 'none' (the defect).
  ['I have told you many many times already so please stop texting me', 'optout', 'phrase', 'en'],
  ['please stop texting me, I changed doctors and never asked for these', 'optout', 'phrase', 'en'],
  ['STOP. I never signed up for this', 'optout', 'phrase', 'en'],
  ['STOP I never signed up for this', 'optout', 'phrase', 'en'],
  ['UNSUBSCRIBE. I moved to another state last year and see a new doctor there now', 'optout', 'phrase', 'en'],
  ['Hi, this is not the right person. Please remove me from your list, I do not know who Maria is.', 'optout', 'phrase', 'en'],
  ["Don't ever text me again, I'm not interested and I never gave you this number.", 'optout', 'phrase', 'en'],
  ['I moved away last year and see another doctor now so please no more texts about checkups', 'optout', 'phrase', 'en'],
  ['I am not your patient and never was, I have no idea who Robert is so please stop', 'optout', 'phrase', 'en'],
  ["Why don't you stop texting me, I have told you I am not a patient of this clinic", 'optout', 'phrase', 'en'],
  ['you never stop texting me and I am tired of it, I have told your office many times', 'optout', 'phrase', 'en'],
  ["why won't you leave me alone, I do not want any reminders from your office", 'optout', 'phrase', 'en'],
  ["I've replied STOP to five of these and they keep coming, take me off whatever list this is", 'optout', 'phrase', 'en'],
  ['hello '.repeat(255) + 'stop texting me', 'optout', 'phrase', 'en'],
  ['blah '.repeat(300) + '. STOP', 'optout', 'phrase', 'en'],
  // all / every: optout_all only when the message says all messages; otherwise per sender
  ['Please stop all messages, I am moving out of state and will find a new provider there.', 'optout_all', 'phrase', 'en'],
  ['I want to unsubscribe from all text messages from every clinic in your network', 'optout_all', 'phrase', 'en'],
  ['Opt out of all texts', 'optout_all', 'phrase', 'en'],
  ['Stop texting me all the time, I already confirmed my appointment for next week', 'optout', 'phrase', 'en'],
  // Spanish: language 'es', also for an English keyword in a Spanish message
  ['Por favor dejen de enviarme mensajes, ya no soy paciente de esa clínica.', 'optout', 'phrase', 'es'],
  [
    'Hola buenas tardes, me siguen llegando mensajes de citas que no son mías. Por favor den de baja este número.',
    'optout',
    'phrase',
    'es',
  ],
  ['Ya no quiero recibir mensajes de ustedes, me atiendo en otro hospital desde enero.', 'optout', 'phrase', 'es'],
  ['Número equivocado, no conozco a esa persona. Por favor no me escriban más.', 'optout', 'phrase', 'es'],
  ['STOP. Ya no vivo aquí y este no es mi número.', 'optout', 'phrase', 'es'],
  ['Quiero darme de baja de todos los mensajes de la clínica', 'optout_all', 'phrase', 'es'],
  // negation
  ["I don't want you to stop texting me, the reminders are useful and I would miss appointments", 'none', 'none', null],
  ['The texts were really helpful, please do not ever stop sending reminders', 'none', 'none', null],
  ['no dejen de enviarme los recordatorios porque me ayudan mucho con mis citas y mis medicinas', 'none', 'none', null],
  ['Por favor no dejen de enviarme los recordatorios', 'none', 'none', null],
  ['Si dejan de enviarme recordatorios se me van a olvidar las citas', 'none', 'none', null],
  // ordinary uses of stop / cancel / end / quit / baja / parar
  ["I'll stop by the desk tomorrow to drop off the forms", 'none', 'none', null],
  ['I got your text reminder for Thursday but I need to cancel my appointment, can we do next week?', 'none', 'none', null],
  ['the pain in my hip just does not end, it is worse at night, can a nurse call me', 'none', 'none', null],
  ['See you at the end of the week, thanks for the reminder text', 'none', 'none', null],
  ['I quit smoking three weeks ago! Do I still need the lung test next month?', 'none', 'none', null],
  ['Got the text. I want to stop the blood thinner before my surgery, is that ok?', 'none', 'none', null],
  ['My doctor told me to stop taking the metformin, should I still come in on Friday?', 'none', 'none', null],
  ['Should I stop them? They make me dizzy and I got your text about the follow up', 'none', 'none', null],
  ['I told you to stop by the front desk, can you confirm you got the forms', 'none', 'none', null],
  ['Can I opt out of the flu shot this year? I had a bad reaction last time', 'none', 'none', null],
  ['Can you remove me from the waitlist? I found another slot at a different office.', 'none', 'none', null],
  ['I need to take it off the list of meds, the doctor stopped it last month', 'none', 'none', null],
  ['Please stop sending bills to my old address, I moved in June', 'none', 'none', null],
  ['Please stop calling me at work, text me instead', 'none', 'none', null],
  ["Please don't text me after 9pm, it wakes up the baby", 'none', 'none', null],
  ['I accidentally unsubscribed, how do I get the texts back?', 'none', 'none', null],
  ['I never signed up for the patient portal, how do I get access?', 'none', 'none', null],
  ['Tengo la presión baja desde ayer, ¿debo ir a urgencias o espero a la cita?', 'none', 'none', null],
  ['Quiero bajar de peso, ¿tienen nutricionista en la clínica?', 'none', 'none', null],
  ['Me dieron de baja médica por dos semanas, ¿necesito un justificante?', 'none', 'none', null],
  ['Quiero dar de baja mi cita del martes', 'none', 'none', null],
  ['No puedo parar de toser en las noches, ¿me pueden ver mañana?', 'none', 'none', null],
  ['Dejen de mandarme los recordatorios en papel, prefiero por mensaje', 'none', 'none', null],
  ['Quiero dejar de recibir el tratamiento de fisioterapia, ya me siento bien', 'none', 'none', null],
];

const CAP: Row[] = [
  ['STOP' + ' '.repeat(MAX_BODY_CHARS - 4), 'optout', 'exact', 'en'],
  ['STOP' + ' '.repeat(MAX_BODY_CHARS - 3), 'none', 'none', null],
  ['x '.repeat(800) + 'STOP', 'none', 'none', null],
  ['hello '.repeat(300) + 'stop texting me', 'none', 'none', null],
];

const TABLE: Row[] = [
  ...ENGLISH_KEYWORDS_CASE,
  ...SPANISH_KEYWORDS,
  ...WHITESPACE_AND_PUNCTUATION,
  ...UNICODE_TRICKS,
  ...FILLERS,
  ...ALL_AND_PRECEDENCE,
  ...PHRASES,
  ...NEGATIVES,
  ...LONG_MESSAGES,
  ...CAP,
];

describe('classifyMessage: table', () => {
  test('the table has at least 150 cases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(150);
  });

  const rows = TABLE.map(([body, kind, rule, language]) => ({ label: label(body), body, kind, rule, language }));
  test.each(rows)('$label → $kind / $rule / $language', ({ body, kind, rule, language }) => {
    expectClass(body, kind, rule, language);
  });
});

// ------------------------------------------------------------------------------------------------
// Every listed keyword, in three casings and with surrounding noise
// ------------------------------------------------------------------------------------------------

const SPANISH_ONLY = new Set([
  'parar',
  'para',
  'pare',
  'paren',
  'alto',
  'detener',
  'cancelar',
  'baja',
  'fin',
  'basta',
  'desuscribir',
  'desuscribirme',
  'no mas',
  'comenzar',
  'iniciar',
  'si',
  'ayuda',
]);

const LISTED: [string, KeywordClass][] = [
  ...KEYWORDS.optout.map((k): [string, KeywordClass] => [k, 'optout']),
  ...KEYWORDS.optoutAll.map((k): [string, KeywordClass] => [k, 'optout_all']),
  ...KEYWORDS.optin.map((k): [string, KeywordClass] => [k, 'optin']),
  ...KEYWORDS.optinIfOptedOut.map((k): [string, KeywordClass] => [k, 'optin_if_opted_out']),
  ...KEYWORDS.help.map((k): [string, KeywordClass] => [k, 'help']),
];

function titleCase(s: string): string {
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}

describe('classifyMessage: every listed keyword', () => {
  test.each(LISTED)('%s → %s in upper, lower and title case, padded with noise', (keyword, kind) => {
    const language = SPANISH_ONLY.has(keyword) ? 'es' : 'en';
    for (const variant of [keyword.toUpperCase(), keyword, titleCase(keyword)]) {
      expectClass(variant, kind, 'exact', language);
      expectClass(` \t${variant}!!\n`, kind, 'exact', language);
      expectClass(`${ZWSP}🙂 ${variant}.${NBSP}`, kind, 'exact', language);
    }
  });

  test.each(LISTED.filter(([k]) => k !== 'para'))('%s + "please" → %s with_filler', (keyword, kind) => {
    const result = classifyMessage(`${keyword} please`);
    expect(result.kind).toBe(kind);
    expect(result.rule).toBe('with_filler');
  });

  test('"para" is standalone-only: with a filler or another word it is not an opt-out', () => {
    expectClass('para please', 'none', 'none', null);
    expectClass('para por favor', 'none', 'none', null);
    expectClass('para stop', 'none', 'none', null);
  });
});

// ------------------------------------------------------------------------------------------------
// List invariants
// ------------------------------------------------------------------------------------------------

const EXPANDED = optoutPhrases();
const TAILS = optoutTailPhrases();

describe('KEYWORDS lists', () => {
  const singleLists = {
    optout: KEYWORDS.optout,
    optoutAll: KEYWORDS.optoutAll,
    optin: KEYWORDS.optin,
    optinIfOptedOut: KEYWORDS.optinIfOptedOut,
    help: KEYWORDS.help,
    fillers: KEYWORDS.fillers,
  };

  test('contains the Twilio defaults and the FCC per-se words', () => {
    for (const w of ['stop', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'opt out']) {
      expect(KEYWORDS.optout).toContain(w);
    }
    expect(KEYWORDS.optoutAll).toEqual(['stopall']);
    expect(KEYWORDS.optin).toEqual(expect.arrayContaining(['start', 'unstop']));
    expect(KEYWORDS.optinIfOptedOut).toEqual(expect.arrayContaining(['yes', 'si']));
    expect(KEYWORDS.help).toEqual(expect.arrayContaining(['help', 'info', 'ayuda']));
    expect(EXPANDED).toContainEqual(['stop', 'texting']);
    expect(EXPANDED).toContainEqual(['dar', 'de', 'baja']);
    expect(KEYWORDS.fillers).toEqual(expect.arrayContaining(['please', 'thank you', 'por favor', 'gracias', 'ya']));
  });

  test('every entry is already normalised (a fixed point of normalizeMessage)', () => {
    for (const list of Object.values(singleLists)) {
      for (const entry of list) expect(normalizeMessage(entry).join(' ')).toBe(entry);
    }
    for (const phrase of [...EXPANDED, ...TAILS]) {
      expect(normalizeMessage(phrase.join(' '))).toEqual(phrase);
    }
  });

  test('no word is in two classes, and no filler is a keyword', () => {
    const seen = new Map<string, string>();
    for (const [name, list] of Object.entries(singleLists)) {
      for (const entry of list) {
        expect(seen.get(entry)).toBeUndefined();
        seen.set(entry, name);
      }
    }
  });

  test('no duplicate phrases; every phrase fits in MAX_PHRASE_TOKENS', () => {
    const all = [...EXPANDED, ...TAILS].map((p) => p.join(' '));
    expect(new Set(all).size).toBe(all.length);
    for (const p of [...EXPANDED, ...TAILS]) {
      expect(p.length).toBeGreaterThan(0);
      expect(p.length).toBeLessThanOrEqual(MAX_PHRASE_TOKENS);
    }
  });

  test('every non-tail phrase classifies as an opt-out on its own', () => {
    for (const p of EXPANDED) {
      const kind = classifyMessage(p.join(' ')).kind;
      expect(['optout', 'optout_all']).toContain(kind);
    }
    for (const p of TAILS) {
      expect(['optout', 'optout_all']).toContain(classifyMessage(`${p.join(' ')} please`).kind);
    }
  });

  test('the exported lists are frozen', () => {
    expect(Object.isFrozen(KEYWORDS)).toBe(true);
    expect(Object.isFrozen(KEYWORDS.optout)).toBe(true);
    expect(Object.isFrozen(EXPANDED)).toBe(true);
    expect(Object.isFrozen(EXPANDED[0])).toBe(true);
    expect(Object.isFrozen(TAILS)).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------
// Properties, purity, performance
// ------------------------------------------------------------------------------------------------

const KINDS: readonly KeywordClass[] = ['optout', 'optout_all', 'optin', 'optin_if_opted_out', 'help', 'none'];

describe('classifyMessage: properties', () => {
  test('total and well-formed for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (body) => {
        const r = classifyMessage(body);
        expect(KINDS).toContain(r.kind);
        if (r.kind === 'none') expect(r).toEqual({ kind: 'none', rule: 'none', language: null });
        else {
          expect(r.rule).not.toBe('none');
          expect(r.language === 'en' || r.language === 'es').toBe(true);
        }
        expect(classifyMessage(body)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  test('adding a filler to a bare opt-out keyword keeps it an opt-out', () => {
    const keyword = fc.constantFrom('stop', 'STOP', 'cancel', 'unsubscribe', 'end', 'quit', 'revoke', 'optout', 'baja');
    const filler = fc.constantFrom('please', 'now', 'thanks', 'thank you', 'ok', 'por favor', 'gracias', 'pls');
    fc.assert(
      fc.property(keyword, filler, fc.boolean(), (k, f, before) => {
        const r = classifyMessage(before ? `${f} ${k}` : `${k}, ${f}!`);
        expect(r.kind).toBe('optout');
        expect(r.rule).toBe('with_filler');
      }),
    );
  });

  test('returns a fresh object each call (callers may not corrupt later results)', () => {
    const a = classifyMessage('hello');
    a.kind = 'optout';
    expect(classifyMessage('hello').kind).toBe('none');
  });

  test('prints nothing', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m));
    for (const [body] of TABLE) classifyMessage(body);
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  test('adversarial bodies at and past the cap classify as none (linear-time design; timing lives in bench/)', () => {
    const bodies = [
      "a'".repeat(MAX_BODY_CHARS / 2),
      'please '.repeat(Math.floor(MAX_BODY_CHARS / 7)),
      '\u0301'.repeat(MAX_BODY_CHARS),
      '\u200B'.repeat(MAX_BODY_CHARS),
      '🛑'.repeat(MAX_BODY_CHARS / 2),
      '\uFDFA'.repeat(MAX_BODY_CHARS),
      'x'.repeat(10_000_000),
    ];
    for (const body of bodies) expect(classifyMessage(body)).toEqual({ kind: 'none', rule: 'none', language: null });
    // Many keywords in a row are still keywords (every token a keyword), at the cap.
    expect(classifyMessage('stop '.repeat(MAX_BODY_CHARS / 5)).kind).toBe('optout');
  });

  test('bodies at the cap made of cue openings (every token starts a cue) classify as none', () => {
    const openings = [
      'stop the ',
      'no me ',
      'i dont want to receive all the ',
      'please stop x ',
      'why do you keep ',
      'dont ever ',
      'remove me from the ',
    ];
    for (const unit of openings) {
      const body = unit.repeat(Math.ceil(MAX_BODY_CHARS / unit.length)).slice(0, MAX_BODY_CHARS);
      expect(classifyMessage(body)).toEqual({ kind: 'none', rule: 'none', language: null });
    }
  });

  test('word soup from the cue vocabulary, up to the cap: total, well-formed, deterministic', () => {
    const words = fc.constantFrom(
      'stop',
      'texting',
      'me',
      'dont',
      'not',
      'never',
      'please',
      'the',
      'texts',
      'remove',
      'from',
      'list',
      'opt',
      'out',
      'of',
      'unsubscribe',
      'all',
      'no',
      'more',
      'dejen',
      'de',
      'enviarme',
      'mensajes',
      'baja',
      'dar',
      'mi',
      'cita',
      'why',
      'you',
      'wont',
      'leave',
      'alone',
      'i',
      'said',
      'to',
      'by',
      '.',
      ',',
      '!',
      '?',
      'STOP',
      'Número',
      'equivocado',
      'quiero',
      'la',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 400 }), (list) => {
        const body = list.join(' ').slice(0, MAX_BODY_CHARS);
        const r = classifyMessage(body);
        expect(['optout', 'optout_all', 'optin', 'optin_if_opted_out', 'help', 'none']).toContain(r.kind);
        if (r.kind === 'none') expect(r).toEqual({ kind: 'none', rule: 'none', language: null });
        else expect(r.language === 'en' || r.language === 'es').toBe(true);
        expect(classifyMessage(body)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
