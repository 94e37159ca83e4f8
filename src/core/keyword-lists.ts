/**
 * The keyword vocabulary, as data (documented with reasons in docs/keywords.md; keep the two in
 * step). Every entry is already normalised (see normalize.ts); multi-token entries use single
 * spaces. Phrases are patterns: a sequence of slots, each slot a list of alternatives, '' meaning
 * the slot may be skipped. They are matched slot by slot (keywords.ts), never expanded at load time,
 * so a Function's cold start stays cheap.
 */

export type Slot = readonly string[];
export type Pattern = readonly Slot[];

export const OPTOUT_EN = [
  'stop', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', // Twilio defaults (less STOPALL)
  'opt out', // FCC per-se wording; also what "opt-out" / "opt_out" normalise to
  'no more', 'wrong number', // judgment: only as a whole message (+ fillers) or its own sentence
] as const;
export const OPTOUT_ES = [
  'parar', 'para', 'pare', 'paren', 'alto', 'detener', 'cancelar', 'baja', 'fin', 'basta',
  'desuscribir', 'desuscribirme', 'no mas',
] as const;
export const OPTOUT_ALL_EN = ['stopall'] as const;
export const OPTIN_EN = ['start', 'unstop'] as const;
export const OPTIN_ES = ['comenzar', 'iniciar'] as const;
export const OPTIN_IF_EN = ['yes'] as const;
export const OPTIN_IF_ES = ['si'] as const;
export const HELP_EN = ['help', 'info'] as const;
export const HELP_ES = ['ayuda'] as const;

/** Keywords that count only when they are the whole message (possibly repeated), no fillers. */
export const STANDALONE_ONLY: ReadonlySet<string> = new Set(['para']);
/** Opt-out keywords that do not count as a sentence of their own inside a longer message. */
export const NOT_SENTENCE_SAFE: ReadonlySet<string> = new Set(['cancel', 'cancelar', 'end', 'fin', 'para']);

export const FILLERS_EN = [
  'please', 'pls', 'plz', 'plse', 'now', 'right now', 'asap', 'immediately', 'already', 'just',
  'thanks', 'thank you', 'thank u', 'thankyou', 'thanx', 'thx', 'thnx', 'ty', 'sorry',
  'all', 'it', 'hi', 'hello', 'hey',
] as const;
export const FILLERS_BOTH = ['ok', 'okay', 'me'] as const;
export const FILLERS_ES = [
  'por favor', 'porfavor', 'porfa', 'xfa', 'xfavor', 'favor', 'gracias', 'muchas gracias', 'mil gracias',
  'ya', 'ahora', 'ahorita', 'inmediatamente', 'todo', 'todos', 'hola',
] as const;
/** Words that turn an opt-out into 'optout_all' ("stop all", "cancelar todo"). */
export const ALL_WORDS: ReadonlySet<string> = new Set(['all', 'todo', 'todos', 'stopall']);

/** Negators that cancel an English phrase occurrence right after them ("please don't stop texting"). */
export const EN_NEGATORS: ReadonlySet<string> = new Set(['dont', 'not', 'didnt', 'doesnt']);

const EN_OBJECTS = [
  'texts', 'text', 'txts', 'txt', 'texting', 'messages', 'message', 'msgs', 'msg', 'sms',
  'reminders', 'notifications', 'alerts',
];
const EN_DETERMINERS = ['', 'the', 'these', 'those', 'your', 'any', 'any more', 'all', 'all the', 'all these', 'all your', 'more'];

const word = (...alternatives: string[]): Pattern => [alternatives];

export const PHRASES_EN: readonly Pattern[] = [
  // FCC per-se words that are unambiguous anywhere in a short message
  word('opt out', 'optout', 'opt me out', 'opted out', 'opting out', 'unsubscribe', 'unsubscribed', 'revoke', 'stopall'),
  // "stop texting me", "quit messaging"
  [['stop', 'quit'], ['texting', 'txting', 'messaging', 'msging', 'sending', 'contacting']],
  // "stop the texts", "no more messages", "i dont want these reminders"
  [['stop', 'stop getting', 'stop receiving', 'no more', 'dont want', 'do not want', 'no longer want'], EN_DETERMINERS, EN_OBJECTS],
  // "dont text me", "do not contact this number", "never message me"
  [['dont', 'do not', 'never'], ['text', 'txt', 'message', 'msg', 'contact'], ['me', 'us', 'this number', 'my number', 'my phone']],
  // "dont send me these texts" (an object is required: "dont send me the bill" is not an opt-out)
  [['dont', 'do not', 'never'], ['send'], ['me', 'us'], EN_DETERMINERS, EN_OBJECTS],
  // "remove my number", "take this number off"; "remove me" alone is a tail phrase
  [['remove', 'delete'], ['my number', 'this number']],
  [['take'], ['my number', 'this number'], ['off']],
  // "remove me from your list", "take me off the texting list"
  [
    ['remove', 'delete', 'take'],
    ['me', 'us', 'my number', 'this number'],
    ['from', 'off'],
    ['', 'the', 'your', 'this'],
    ['list', 'text list', 'texting list', 'sms list', 'contact list', 'mailing list', 'texts', 'messages', 'reminders'],
  ],
  word('leave me alone'),
  word('withdraw consent', 'withdraw my consent', 'dont consent', 'do not consent', 'no longer consent'),
];

const ES_OBJECTS = ['mensajes', 'mensaje', 'mensajitos', 'msjs', 'textos', 'texto', 'sms', 'recordatorios', 'notificaciones', 'alertas'];
const ES_SEND_VERBS = ['envien', 'envies', 'envie', 'manden', 'mandes', 'mande'];

export const PHRASES_ES: readonly Pattern[] = [
  word('desuscribir', 'desuscribirme', 'desuscribanme', 'desuscribirse'),
  // "no más mensajes", "no quiero recibir", "no me envíen más"
  [['no mas', 'no quiero', 'no quiero mas', 'no deseo', 'no deseo mas'], ['', 'los', 'estos', 'sus'], ES_OBJECTS],
  word('no quiero recibir', 'no deseo recibir'),
  [['no me'], ES_SEND_VERBS, ['mas', ...ES_OBJECTS]],
  [['no me'], ES_SEND_VERBS, ['los', 'estos', 'sus'], ES_OBJECTS],
  [['no me'], ['escriban', 'escribas', 'escriba', 'contacten', 'contactes', 'contacte', 'molesten', 'molestes']],
  word('dejenme en paz', 'dejame en paz', 'dejeme en paz'),
  // "dejen de enviarme mensajes", "para de escribirme"
  [
    ['dejen', 'deja', 'deje', 'paren', 'para', 'pare'],
    ['de'],
    ['enviarme', 'mandarme', 'escribirme', 'textearme', 'contactarme', 'molestarme', 'enviar', 'mandar', 'escribir'],
  ],
  // "quiero darme de baja"
  [['dar', 'darme', 'dame', 'deme', 'denme', 'den', 'darse'], ['de baja']],
  [['cancelar', 'cancela', 'cancele', 'cancelen'], ['suscripcion', 'la suscripcion', 'mi suscripcion']],
  [
    ['saquenme', 'sacame', 'sacarme', 'quitenme', 'quitame', 'quitarme', 'borrenme', 'borrame', 'borrarme', 'eliminenme', 'eliminarme'],
    ['de'],
    ['la', 'su', 'sus', 'esta', 'tu'],
    ['lista'],
  ],
  [['revocar', 'revoco', 'retiro', 'retirar'], ['mi', 'el'], ['consentimiento']],
];

/** Tail phrases: an opt-out only when nothing but fillers follows them. */
export const TAIL_PHRASES_EN: readonly Pattern[] = [
  [['stop getting', 'stop receiving'], ['these', 'those', 'them']],
  word('stop these', 'stop those', 'stop them', 'stop this'),
  word('want to stop', 'wanna stop', 'like to stop', 'want out'),
  word('remove me', 'remove us', 'delete me', 'take me off', 'take us off'),
  [['can', 'could', 'will', 'would'], ['you', 'u'], ['', 'please', 'pls', 'plz'], ['stop']],
];
export const TAIL_PHRASES_ES: readonly Pattern[] = [word('ya no quiero', 'no quiero mas', 'ya no quiero mas')];

/** Every concrete phrase a pattern matches (for docs and tests; the matcher never expands). */
export function expandPattern(pattern: Pattern): string[] {
  let out: string[] = [''];
  for (const slot of pattern) {
    const next: string[] = [];
    for (const head of out) for (const alt of slot) next.push(`${head} ${alt}`.trim().replace(/ {2,}/g, ' '));
    out = next;
  }
  return out;
}
