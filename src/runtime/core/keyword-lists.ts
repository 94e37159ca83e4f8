/**
 * The keyword vocabulary, as data (documented with reasons in docs/keywords.md; keep the two in
 * step). Every entry is already normalised (see normalize.ts); multi-token entries use single
 * spaces. Revocation cues are patterns (a sequence of slots, each slot a list of alternatives, ''
 * meaning the slot may be skipped) plus a Follow rule, a negation guard and fixed exceptions. They
 * are matched slot by slot (keywords.ts), never expanded at load time, so a Function's cold start
 * stays cheap. The word sets below them (negators, messaging objects, …) are what the rules read.
 */

export type Slot = readonly string[];
export type Pattern = readonly Slot[];

export const OPTOUT_EN = [
  'stop',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout', // Twilio defaults (less STOPALL)
  'opt out', // FCC per-se wording; also what "opt-out" / "opt_out" normalise to
  'no more',
  'wrong number', // judgment: only as a whole message (+ fillers) or its own sentence
] as const;
export const OPTOUT_ES = [
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
  'please',
  'pls',
  'plz',
  'plse',
  'now',
  'right now',
  'asap',
  'immediately',
  'already',
  'just',
  'thanks',
  'thank you',
  'thank u',
  'thankyou',
  'thanx',
  'thx',
  'thnx',
  'ty',
  'sorry',
  'all',
  'it',
  'hi',
  'hello',
  'hey',
] as const;
export const FILLERS_BOTH = ['ok', 'okay', 'me'] as const;
export const FILLERS_ES = [
  'por favor',
  'porfavor',
  'porfa',
  'xfa',
  'xfavor',
  'favor',
  'gracias',
  'muchas gracias',
  'mil gracias',
  'ya',
  'ahora',
  'ahorita',
  'inmediatamente',
  'todo',
  'todos',
  'hola',
] as const;
/** Words that turn an opt-out into 'optout_all' ("stop all", "cancelar todo", "stop every text"). */
export const ALL_WORDS: ReadonlySet<string> = new Set(['all', 'todo', 'todos', 'todas', 'every', 'stopall']);

/** Negators that cancel an English cue shortly before it ("please don't stop texting me"; see keywords.ts). */
export const EN_NEGATORS: ReadonlySet<string> = new Set(['dont', 'not', 'didnt', 'doesnt', 'never']);
/** Also negators, for complaint-style cues only ("the pain won't leave me alone"; but "you won't leave me alone"). */
export const EN_COMPLAINT_NEGATORS: ReadonlySet<string> = new Set(['wont', 'wouldnt', 'cant', 'cannot']);
/** Words a negation reaches across: "don't ever stop", "I don't want you to stop texting me". */
export const EN_NEGATION_TRANSPARENT: ReadonlySet<string> = new Set([
  'ever',
  'you',
  'u',
  'yall',
  'ya',
  'guys',
  'want',
  'wanna',
  'wanted',
  'need',
  'needs',
  'ask',
  'asked',
  'asking',
  'tell',
  'told',
  'telling',
  'say',
  'said',
  'saying',
  'mean',
  'meant',
  'to',
  'please',
  'pls',
  'plz',
  'really',
  'actually',
  'i',
  'think',
  'should',
  'would',
  'have',
  'has',
  'them',
  'him',
  'her',
  'anyone',
  'wish',
  'be',
  'going',
  'gonna',
  'just',
  'me',
  'even',
  'the',
  'these',
  'those',
  'this',
  'your',
  'my',
  'any',
  'all',
]);
export const ES_NEGATORS: ReadonlySet<string> = new Set(['no', 'nunca', 'jamas', 'ni']);
export const ES_NEGATION_TRANSPARENT: ReadonlySet<string> = new Set([
  'me',
  'te',
  'se',
  'nos',
  'le',
  'les',
  'lo',
  'quiero',
  'queremos',
  'quisiera',
  'que',
  'deseo',
  'voy',
  'vayan',
  'a',
  'por',
  'favor',
  'porfa',
  'ustedes',
  'usted',
  'tu',
]);
/** A negator right after these is a complaint, not a negation ("you never stop texting me", "why don't you stop"). */
export const SECOND_PERSON: ReadonlySet<string> = new Set(['you', 'u', 'yall', 'ya', 'ustedes']);

/**
 * Messaging words: what a revocation is about. An 'object' / 'msg_object' cue followed by a
 * preposition or determiner counts only if the thing named next is one of these ("opt out of these
 * texts", "remove me from your list"; not "opt out of the study", "dar de baja mi cita").
 */
export const MESSAGING_OBJECTS: ReadonlySet<string> = new Set([
  'text',
  'texts',
  'txt',
  'txts',
  'texting',
  'texted',
  'message',
  'messages',
  'messaging',
  'messaged',
  'msg',
  'msgs',
  'sms',
  'reminder',
  'reminders',
  'notification',
  'notifications',
  'alert',
  'alerts',
  'list',
  'lists',
  'program',
  'service',
  'services',
  'system',
  'database',
  'contacts',
  'contact',
  'contacted',
  'mailing',
  'distribution',
  'subscription',
  'spam',
  'them',
  'everything',
  'anything',
  'calls',
  'communication',
  'communications',
  'marketing',
  'updates',
  'automated',
  'robo',
  'stuff',
  'crap',
  'number',
  'phone',
  'mensaje',
  'mensajes',
  'mensajitos',
  'msjs',
  'texto',
  'textos',
  'recordatorio',
  'recordatorios',
  'notificacion',
  'notificaciones',
  'alerta',
  'alertas',
  'lista',
  'listas',
  'programa',
  'servicio',
  'servicios',
  'sistema',
  'llamadas',
  'numero',
  'telefono',
  'celular',
  'suscripcion',
  'whatsapp',
  'nada',
]);
/** Prepositions and determiners a messaging object may hide behind ("from all of your lists", "de todos los mensajes"). */
export const OBJECT_SKIP: ReadonlySet<string> = new Set([
  'of',
  'from',
  'off',
  'for',
  'to',
  'on',
  'with',
  'the',
  'a',
  'an',
  'my',
  'your',
  'ur',
  'our',
  'any',
  'all',
  'every',
  'further',
  'future',
  'more',
  'these',
  'this',
  'those',
  'that',
  'receive',
  'receiving',
  'get',
  'getting',
  'be',
  'being',
  'de',
  'del',
  'al',
  'en',
  'la',
  'el',
  'los',
  'las',
  'mi',
  'mis',
  'su',
  'sus',
  'tu',
  'tus',
  'un',
  'una',
  'unos',
  'este',
  'esta',
  'estos',
  'estas',
  'ese',
  'esa',
  'esos',
  'esas',
  'todos',
  'todas',
  'todo',
  'recibir',
]);
/** Generic containers: a messaging object only when not "… of / for / de <something else>" ("list of meds", "lista de espera"). */
export const CONTAINER_OBJECTS: ReadonlySet<string> = new Set([
  'list',
  'lists',
  'program',
  'service',
  'services',
  'system',
  'database',
  'lista',
  'listas',
  'programa',
  'servicio',
  'servicios',
  'sistema',
]);
export const CONTAINER_QUALIFIERS: ReadonlySet<string> = new Set(['of', 'for', 'de', 'del', 'para']);
/** Prepositions: a cue that ends in one (or is followed by one) must name a messaging object. */
export const OBJECT_PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'from', 'off', 'for', 'to', 'de', 'del', 'al']);
/** Non-messaging things one may ask to stop sending ("stop sending me the bill", "no quiero recibir la factura"). */
export const OTHER_OBJECTS: ReadonlySet<string> = new Set([
  'bill',
  'bills',
  'statement',
  'statements',
  'mail',
  'letter',
  'letters',
  'paper',
  'paperwork',
  'package',
  'packages',
  'prescription',
  'prescriptions',
  'refill',
  'refills',
  'medication',
  'medications',
  'meds',
  'pills',
  'records',
  'forms',
  'invoice',
  'invoices',
  'email',
  'emails',
  'insurance',
  'pharmacy',
  'factura',
  'facturas',
  'carta',
  'cartas',
  'correo',
  'correos',
  'paquete',
  'paquetes',
  'receta',
  'recetas',
  'medicamento',
  'medicamentos',
  'medicina',
  'medicinas',
  'pastillas',
  'tratamiento',
  'seguro',
  'papel',
]);
/** Words that name a text message for sure (a "reminder" may be on paper; a "text" may not). */
export const TEXT_WORDS: ReadonlySet<string> = new Set([
  'text',
  'texts',
  'txt',
  'txts',
  'texting',
  'sms',
  'message',
  'messages',
  'msg',
  'msgs',
  'mensaje',
  'mensajes',
  'msjs',
  'texto',
  'textos',
  'mensajitos',
]);
/** Tokens that open a new clause without punctuation ("STOP I never signed up", "opt out I moved"). */
export const CLAUSE_STARTERS: ReadonlySet<string> = new Set([
  'i',
  'im',
  'ive',
  'id',
  'this',
  'thats',
  'these',
  'we',
  'who',
  'whoever',
  'you',
  'youre',
  'u',
  'ur',
  'not',
  'never',
  'wrong',
  'nobody',
  'dont',
  'yo',
  'nunca',
  'esto',
  'este',
  'quien',
  'numero',
  'nadie',
  'no',
]);
/** What may follow a quoted keyword ("I texted STOP twice", "I said stop and you kept going"). */
export const SAID_FOLLOWERS: ReadonlySet<string> = new Set([
  'and',
  'but',
  'so',
  'twice',
  'already',
  'again',
  'multiple',
  'several',
  'many',
  'times',
  'yesterday',
  'last',
  'to',
  'before',
  'like',
  'more',
  'a',
  'an',
  'two',
  'three',
  '2',
  '3',
  '4',
  '5',
  'or',
  'because',
  'cause',
  'cuz',
  'back',
  'y',
  'pero',
  'varias',
  'muchas',
  'veces',
  'dos',
  'tres',
  'antes',
  'hace',
  'como',
]);
/** Medical-advice openers that make a weak cue ordinary ("should I stop them?", "is it safe to stop these"). */
const MEDICAL_QUESTION = [
  'should',
  'should i',
  'should we',
  'shall i',
  'must i',
  'safe to',
  'ok to',
  'okay to',
  'fine to',
  'alright to',
  'when to',
  'whether to',
  'if i',
  'when i',
  'do i need to',
  'do i have to',
  'supposed to',
  'said to',
  'told me to',
  'tells me to',
  'time to',
];
/** A message "talks about messages" (weak cues in long messages need this). */
export const MESSAGING_CONTEXT: ReadonlySet<string> = new Set([
  'text',
  'texts',
  'texting',
  'texted',
  'txt',
  'txts',
  'txting',
  'message',
  'messages',
  'messaging',
  'msg',
  'msgs',
  'sms',
  'reminder',
  'reminders',
  'notification',
  'notifications',
  'alert',
  'alerts',
  'spam',
  'spamming',
  'subscribe',
  'subscribed',
  'signed',
  'number',
  'list',
  'mensaje',
  'mensajes',
  'mensajitos',
  'msjs',
  'texto',
  'textos',
  'recordatorio',
  'recordatorios',
  'notificacion',
  'notificaciones',
  'alerta',
  'alertas',
  'numero',
  'lista',
  'suscrito',
  'suscrita',
]);
/** A message about treatment: weak cues in long messages do not count ("I got your text. I want to stop the pills"). */
export const MEDICAL_CONTEXT: ReadonlySet<string> = new Set([
  'pill',
  'pills',
  'med',
  'meds',
  'medication',
  'medications',
  'medicine',
  'medicines',
  'dose',
  'doses',
  'dosage',
  'tablet',
  'tablets',
  'insulin',
  'inhaler',
  'prescription',
  'prescriptions',
  'rx',
  'treatment',
  'therapy',
  'drug',
  'drugs',
  'antibiotic',
  'antibiotics',
  'injection',
  'injections',
  'shot',
  'shots',
  'taking',
  'smoking',
  'drinking',
  'eating',
  'diet',
  'bleeding',
  'pain',
  'pastilla',
  'pastillas',
  'medicina',
  'medicinas',
  'medicamento',
  'medicamentos',
  'tratamiento',
  'dosis',
  'insulina',
  'receta',
  'fumar',
  'terapia',
  'dolor',
  'sangrado',
]);
/** Keywords that open a revocation when a clause follows without punctuation ("STOP I never signed up"). */
export const LEAD_KEYWORDS: ReadonlySet<string> = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'optout',
  'opt out',
  'revoke',
  'basta',
  'parar',
  'pare',
  'paren',
  'alto',
  'detener',
  'baja',
  'desuscribir',
  'desuscribirme',
  'wrong number',
]);
/** Keywords that close a revocation after these words ("I never signed up for this STOP", "... so please stop"). */
export const TRAIL_KEYWORDS: ReadonlySet<string> = new Set(['stop', 'stopall', 'basta', 'paren', 'pare']);
export const TRAIL_AFTER: ReadonlySet<string> = new Set([
  'please',
  'pls',
  'plz',
  'plse',
  'kindly',
  'favor',
  'ya',
  'ahora',
  'this',
  'these',
  'spam',
  'number',
  'numero',
  'up',
  'list',
  'lista',
  'messages',
  'mensajes',
  'texts',
  'textos',
  'reminders',
  'recordatorios',
  'guys',
]);
/** Language vote for an English cue in a long message ("STOP. Ya no vivo aquí" → es). */
export const ES_MARKERS: ReadonlySet<string> = new Set([
  'de',
  'la',
  'que',
  'el',
  'en',
  'los',
  'las',
  'por',
  'para',
  'mi',
  'mis',
  'yo',
  'es',
  'estoy',
  'y',
  'con',
  'una',
  'se',
  'lo',
  'pero',
  'ya',
  'quiero',
  'gracias',
  'mensajes',
  'mensaje',
  'numero',
  'favor',
  'tengo',
  'esta',
  'este',
  'esto',
  'su',
  'sus',
  'del',
  'al',
  'nunca',
  'porque',
  'cita',
  'mas',
  'muy',
  'hola',
  'usted',
  'ustedes',
  'soy',
  'tiene',
  'tienen',
  'nada',
  'como',
  'cuando',
  'donde',
  'sin',
  'vivo',
  'aqui',
  'equivocado',
  'persona',
  'conozco',
]);
export const EN_MARKERS: ReadonlySet<string> = new Set([
  'the',
  'i',
  'to',
  'and',
  'you',
  'my',
  'is',
  'of',
  'it',
  'this',
  'that',
  'for',
  'in',
  'on',
  'im',
  'dont',
  'have',
  'not',
  'be',
  'are',
  'was',
  'with',
  'your',
  'please',
  'number',
  'texts',
  'messages',
  'text',
  'from',
  'am',
  'what',
  'who',
  'can',
  'will',
  'just',
  'so',
  'but',
  'they',
  'get',
  'getting',
  'anymore',
  'moved',
  'never',
  'signed',
  'up',
]);

/**
 * How a cue may be followed, inside its sentence (see keywords.ts):
 *  - 'any': by anything ("stop texting me", "unsubscribe").
 *  - 'not_other': not by a non-messaging object ("stop sending me the bill").
 *  - 'object': if a preposition or determiner follows (or the cue ends in one), the thing named
 *    after it must be a messaging word, or nothing ("opt out of these" yes, "opt out of the study" no).
 *  - 'msg_object': like 'object', but a bare noun must be a messaging word too ("dejar de recibir
 *    mensajes" yes, "dejar de recibir tratamiento" no). A clause opener, fillers or the end are fine.
 *  - 'said': a quoted keyword ("I replied STOP"): end, fillers, a clause opener or a connective follow.
 *  - 'end': a weak cue ("I want to stop", "can you stop"): only fillers follow. In a short message
 *    to the end of the message; otherwise to the end of its sentence, and only in a message that
 *    talks about messages and not about treatment.
 */
export type Follow = 'any' | 'not_other' | 'object' | 'msg_object' | 'said' | 'end';
/** The negation check before a cue: English, Spanish, Spanish keeping sentence-initial "No dejen de…" as a revocation, none. */
export type Guard = 'en' | 'es' | 'es_lead' | 'none';

export interface Cue {
  readonly pattern: Pattern;
  readonly follow: Follow;
  readonly guard: Guard;
  /** wont / wouldnt / cant also negate it, unless said to "you" ("the pain won't leave me alone"). */
  readonly complaint?: boolean;
  /** Ignored right after one of these (space-separated token sequences). */
  readonly notAfter?: readonly string[];
  /** Ignored right before one of these. */
  readonly notBefore?: readonly string[];
  /** Counts only at the start of a sentence (after fillers). */
  readonly atStart?: boolean;
}

type CueOptions = Omit<Cue, 'pattern' | 'follow' | 'guard'>;
const cue = (pattern: Pattern, follow: Follow, guard: Guard, options: CueOptions = {}): Cue => ({ pattern, follow, guard, ...options });
const word = (...alternatives: string[]): Pattern => [alternatives];

const EN_OBJECTS = [
  'texts',
  'text',
  'txts',
  'txt',
  'texting',
  'messages',
  'message',
  'msgs',
  'msg',
  'sms',
  'reminders',
  'notifications',
  'alerts',
];
const EN_DETERMINERS = [
  '',
  'the',
  'these',
  'those',
  'this',
  'your',
  'ur',
  'my',
  'any',
  'any more',
  'all',
  'all the',
  'all these',
  'all your',
  'all my',
  'every',
  'more',
];
const ACCIDENTAL_BEFORE = ['accidentally', 'accidently', 'mistakenly', 'by accident', 'by mistake', 'on accident'];
const ACCIDENTAL_AFTER = ['accidentally', 'accidently', 'mistakenly'];
/** A time- or place-restricted request still wants messages ("don't text me after 9pm", "stop calling me at work"). */
const RESTRICTED = [
  'after',
  'before',
  'at night',
  'late',
  'so late',
  'so early',
  'early',
  'during',
  'on weekends',
  'on sundays',
  'on saturdays',
  'at work',
  'while',
  'until',
  'in the morning',
  'in the mornings',
];

export const PHRASES_EN: readonly Cue[] = [
  // FCC per-se words. "opt out" must be about messages if it names anything ("opt out of the study" is not).
  // ("reply STOP to opt out" quotes the program's own instruction: the quoted-keyword cue below decides)
  cue(word('opt out', 'optout', 'opt me out', 'opt us out', 'opted out', 'opting out'), 'object', 'en', {
    notAfter: [...ACCIDENTAL_AFTER, 'stop to', 'stop in order to'],
    notBefore: ACCIDENTAL_BEFORE,
  }),
  cue(word('unsubscribe', 'unsubscribed', 'unsub', 'unsuscribe', 'unsubcribe', 'unsubscibe', 'unsubscribing'), 'any', 'en', {
    notAfter: ACCIDENTAL_AFTER,
    notBefore: ACCIDENTAL_BEFORE,
  }),
  cue(
    [
      ['revoke', 'revoking'],
      ['', 'consent', 'my consent'],
    ],
    'object',
    'en',
  ),
  cue([['revoked'], ['consent', 'my consent']], 'object', 'en'),
  cue(word('stopall'), 'any', 'en'),
  // "stop texting me", "quit messaging", "stop harassing me"
  cue(
    [
      ['stop', 'quit', 'stp', 'stopp'],
      [
        'texting',
        'txting',
        'textin',
        'texing',
        'textn',
        'messaging',
        'msging',
        'messeging',
        'mesaging',
        'bothering me',
        'harassing me',
        'spamming me',
        'pestering me',
        'bugging me',
        'bothering us',
        'harassing us',
        'spamming',
        'calling and texting',
      ],
    ],
    'any',
    'en',
  ),
  cue(
    [
      ['stop', 'quit', 'stp', 'stopp'],
      ['calling me', 'calling this number'],
    ],
    'any',
    'en',
    { notBefore: RESTRICTED },
  ),
  // "stop sending me …" / "stop contacting" unless the thing is not a message ("stop sending the bill")
  cue(
    [
      ['stop', 'quit', 'stp', 'stopp'],
      ['sending', 'sendin', 'contacting'],
    ],
    'not_other',
    'en',
  ),
  // "stop the texts", "no more messages", "i dont want these reminders", "sick of these texts"
  cue(
    [
      [
        'stop',
        'stop getting',
        'stop receiving',
        'no more',
        'dont want',
        'do not want',
        'no longer want',
        'dont want to get',
        'dont want to receive',
        'do not want to receive',
        'do not want to get',
        'no longer want to receive',
        'dont wish to receive',
        'do not wish to receive',
        'no longer wish to receive',
        'dont need',
        'do not need',
        'no longer need',
        'stop with',
        'enough with',
        'enough of',
        'sick of',
        'tired of',
        'sick of getting',
        'tired of getting',
        'fed up with',
        'done with',
        'rather not get',
        'rather not receive',
        'prefer not to get',
        'prefer not to receive',
      ],
      EN_DETERMINERS,
      EN_OBJECTS,
    ],
    'any',
    'en',
  ),
  // "dont text me", "do not contact this number", "never text me again", "don't ever text me"
  cue(
    [
      ['dont', 'do not', 'never', 'dont ever', 'do not ever'],
      ['text', 'txt', 'message', 'msg', 'contact'],
      ['me', 'us', 'this number', 'my number', 'my phone'],
    ],
    'any',
    'en',
    { notBefore: RESTRICTED },
  ),
  // "dont send me these texts", "please do not send any more reminders" (an object is required)
  cue([['dont', 'do not', 'never'], ['send'], ['me', 'us', ''], EN_DETERMINERS, EN_OBJECTS], 'any', 'en'),
  cue(
    [
      ['can you not', 'could you not', 'can u not', 'could u not'],
      ['text', 'txt', 'message', 'contact'],
      ['me', 'us'],
    ],
    'any',
    'none',
  ),
  cue(
    [
      ['dont want to be', 'do not want to be', 'no longer want to be', 'dont wish to be', 'do not wish to be'],
      ['texted', 'contacted', 'messaged'],
    ],
    'any',
    'en',
  ),
  // "remove my number", "take this number off"
  cue(
    [
      ['remove', 'delete'],
      ['my number', 'this number', 'my phone number', 'this phone number'],
    ],
    'any',
    'en',
  ),
  cue([['take'], ['my number', 'this number'], ['off']], 'any', 'en'),
  // "remove me", "remove me from your list", "take me off the texting list" (not "… from the 3pm slot")
  cue(
    [
      ['remove', 'delete', 'erase'],
      ['me', 'us'],
    ],
    'object',
    'en',
    { notBefore: ['as'] },
  ),
  cue(
    [
      ['take', 'get'],
      ['me', 'us'],
      ['off', 'off of'],
    ],
    'object',
    'en',
  ),
  cue(
    [
      ['be removed', 'be taken off', 'be deleted', 'get removed'],
      ['from', 'off', 'off of'],
    ],
    'object',
    'en',
  ),
  // "take it off your list" (the number): a list must be named, "take it off" alone is a bandage
  cue(
    [
      ['take it off', 'get it off', 'remove it from', 'take it out of', 'delete it from', 'take that number off'],
      ['', 'your', 'the', 'this', 'that', 'ur'],
      ['list', 'lists', 'texting list', 'text list', 'sms list', 'contact list', 'system', 'database'],
    ],
    'any',
    'en',
    { notBefore: ['of', 'for'] },
  ),
  // "I want out of these texts" (not "get out of bed")
  cue(word('want out of', 'wanna out of', 'get out of'), 'msg_object', 'en'),
  // "why do I keep getting these?" (not "… these headaches")
  cue(
    [
      ['why do i keep', 'why do we keep', 'why do i still', 'why am i still'],
      ['getting', 'receiving'],
    ],
    'msg_object',
    'none',
  ),
  cue(word('leave me alone', 'leave us alone'), 'any', 'en', { complaint: true }),
  cue(
    word(
      'withdraw consent',
      'withdraw my consent',
      'withdrawing my consent',
      'dont consent',
      'do not consent',
      'no longer consent',
      'did not consent',
      'didnt consent',
      'never consented',
    ),
    'object',
    'en',
  ),
  // "I never signed up for this", "I never asked for these texts" (not "… for an appointment")
  cue(
    [
      ['never', 'didnt', 'did not'],
      [
        'signed up',
        'sign up',
        'subscribed',
        'subscribe',
        'opted in',
        'opt in',
        'gave consent',
        'gave permission',
        'gave you permission',
        'gave my permission',
        'agreed to',
        'asked for',
        'ask for',
      ],
    ],
    'object',
    'none',
  ),
  // "you have the wrong number", "this is the wrong number"
  cue(
    [
      ['you have', 'youve got', 'you got', 'u have', 'u got', 'you have got', 'this is', 'thats', 'you guys have'],
      ['the', 'a', ''],
      ['wrong number', 'wrong person'],
    ],
    'any',
    'en',
  ),
  // "why do you keep texting me", "why are you still sending these"
  cue(
    [
      [
        'why do you',
        'why do u',
        'why does this number',
        'why are you',
        'why are u',
        'why r u',
        'why is this number',
        'why do they',
        'why do yall',
      ],
      ['keep', 'still', 'keep on'],
      ['texting', 'txting', 'messaging', 'sending', 'contacting', 'bothering', 'calling'],
    ],
    'not_other',
    'none',
  ),
  // "these texts need to stop"
  cue(
    [
      ['texts', 'messages', 'txts', 'msgs', 'reminders', 'spam'],
      ['need to', 'needs to', 'have to', 'has to', 'must', 'gotta', 'got to'],
      ['stop', 'end'],
    ],
    'any',
    'en',
  ),
  // "I'd like these messages to stop", "I want the texts to end"
  cue(
    [
      ['texts', 'messages', 'txts', 'msgs', 'text messages', 'notifications'],
      ['to stop', 'to end'],
    ],
    'any',
    'en',
  ),
  // "cancel my subscription", "cancel the text reminders" (plural: "cancel the reminder" is about a visit)
  cue(
    [
      ['cancel', 'canceling', 'cancelling'],
      ['', 'my', 'the', 'these', 'your', 'all', 'all the', 'all my', 'all these', 'this'],
      [
        'subscription',
        'texts',
        'txts',
        'text messages',
        'messages',
        'msgs',
        'sms',
        'notifications',
        'text notifications',
        'text alerts',
        'text reminders',
        'reminder texts',
        'alerts',
        'sms messages',
      ],
    ],
    'any',
    'en',
  ),
  // quoted keywords: "I texted STOP twice", "I replied stop"
  cue(
    [
      [
        'texted',
        'txted',
        'replied',
        'reply',
        'replying',
        'responded',
        'respond',
        'typed',
        'type',
        'sent',
        'send',
        'wrote',
        'write',
        'text',
        'texting',
      ],
      ['', 'the word', 'back'],
      ['stop', 'stopall', 'unsubscribe', 'optout', 'opt out', 'baja', 'quit', 'parar'],
    ],
    'said',
    'en',
    { notAfter: ['said', 'says', 'saying', 'it said', 'it says'], notBefore: ['to cancel', 'to reschedule', 'to confirm'] },
  ),
  cue(
    [
      ['i', 'ive', 'we', 'already', 'i have', 'i already', 'ive already', 'i just', 'i literally', 'i keep', 'have to'],
      ['said', 'say', 'saying', 'told you', 'told u', 'tell you', 'asked you', 'asked u', 'begged you'],
      ['', 'to'],
      ['stop', 'stopall', 'unsubscribe'],
    ],
    'said',
    'en',
  ),
];

const ES_OBJECTS = ['mensajes', 'mensaje', 'mensajitos', 'msjs', 'textos', 'texto', 'sms', 'recordatorios', 'notificaciones', 'alertas'];
const ES_SEND_VERBS = ['envien', 'envies', 'envie', 'manden', 'mandes', 'mande'];
const BAJA_ORDINARY = [
  'medica',
  'laboral',
  'por enfermedad',
  'por incapacidad',
  'por maternidad',
  'por paternidad',
  'del trabajo',
  'temporal',
];

export const PHRASES_ES: readonly Cue[] = [
  cue(word('desuscribir', 'desuscribirme', 'desuscribanme', 'desuscribirse', 'desuscribirnos', 'desuscribeme'), 'any', 'es'),
  // "no más mensajes", "no quiero estos mensajes", "basta de mensajes"
  cue(
    [
      [
        'no mas',
        'no quiero',
        'no quiero mas',
        'no deseo',
        'no deseo mas',
        'ya no quiero',
        'basta de',
        'basta ya de',
        'ya basta de',
        'basta con',
      ],
      ['', 'los', 'estos', 'sus', 'esos', 'tus', 'mas', 'tantos'],
      ES_OBJECTS,
    ],
    'any',
    'none',
  ),
  cue(word('no quiero recibir', 'no deseo recibir', 'no quiero seguir recibiendo', 'no deseo seguir recibiendo'), 'not_other', 'none'),
  // "no me envíen más", "no me manden mensajes", "favor de no enviarme más mensajes"
  cue([['no me', 'no'], ES_SEND_VERBS, ['mas', 'nada', ...ES_OBJECTS]], 'any', 'none'),
  cue([['no me', 'no'], ES_SEND_VERBS, ['los', 'estos', 'sus'], ES_OBJECTS], 'any', 'none'),
  cue(
    [
      ['no me vuelvan a', 'no me vuelva a', 'no vuelvan a'],
      ['escribir', 'mandar', 'enviar', 'contactar', 'textear', 'molestar', 'llamar'],
    ],
    'not_other',
    'none',
  ),
  cue([['no'], ['enviarme', 'mandarme', 'escribirme', 'textearme'], ['mas', 'nada', ...ES_OBJECTS]], 'any', 'none'),
  cue([['no me'], ['escriban', 'escribas', 'escriba', 'contacten', 'contactes', 'contacte', 'molesten', 'molestes']], 'any', 'none'),
  cue(
    [['no me'], ['sigan', 'sigas', 'siga'], ['enviando', 'mandando', 'escribiendo', 'texteando', 'contactando', 'molestando', 'llamando']],
    'any',
    'none',
  ),
  cue(
    [
      ['no quiero que me', 'no deseo que me'],
      ['envien', 'manden', 'escriban', 'contacten', 'molesten', 'sigan enviando', 'sigan mandando', 'sigan escribiendo'],
    ],
    'not_other',
    'none',
  ),
  cue(
    [
      ['por que me siguen', 'porque me siguen', 'por que siguen', 'porque siguen'],
      ['enviando', 'mandando', 'escribiendo', 'texteando', 'molestando'],
    ],
    'not_other',
    'none',
  ),
  cue(word('dejenme en paz', 'dejame en paz', 'dejeme en paz', 'dejenos en paz'), 'any', 'es'),
  // "dejen de enviarme mensajes", "para de escribirme" (not "si dejan de enviarme…": "if you stop…")
  cue(
    [
      ['dejen', 'deja', 'deje', 'dejan', 'paren', 'para', 'pare'],
      ['de'],
      ['enviarme', 'mandarme', 'escribirme', 'textearme', 'contactarme', 'molestarme', 'llamarme', 'enviar', 'mandar', 'escribir'],
    ],
    'not_other',
    'es_lead',
    { notAfter: ['si'] },
  ),
  // "quiero darme de baja" (not "baja médica"; "dar de baja mi cita" is cancelling a visit)
  cue([['dar', 'darme', 'dame', 'deme', 'denme', 'den', 'darse', 'darnos'], ['de baja']], 'object', 'es', { notBefore: BAJA_ORDINARY }),
  cue(
    [
      ['quiero', 'solicito', 'pido', 'deseo', 'quisiera'],
      ['la baja', 'mi baja'],
    ],
    'object',
    'es',
    { notBefore: BAJA_ORDINARY },
  ),
  cue(word('dejar de recibir', 'dejar de recibirlos', 'dejar de recibirlas'), 'msg_object', 'es'),
  cue(
    [
      ['cancelar', 'cancela', 'cancele', 'cancelen'],
      [
        'suscripcion',
        'la suscripcion',
        'mi suscripcion',
        'los mensajes',
        'mis mensajes',
        'estos mensajes',
        'los textos',
        'los sms',
        'las notificaciones',
        'las alertas',
        'todos los mensajes',
      ],
    ],
    'any',
    'es',
  ),
  cue(
    word(
      'saquenme',
      'sacame',
      'sacarme',
      'quitenme',
      'quitame',
      'quitarme',
      'borrenme',
      'borrame',
      'borrarme',
      'eliminenme',
      'eliminarme',
      'eliminame',
    ),
    'object',
    'es',
  ),
  cue([['quitenlo', 'borrenlo', 'saquenlo', 'eliminenlo'], ['de']], 'object', 'es'),
  cue(
    [
      ['borren', 'eliminen', 'quiten', 'borrar', 'eliminar', 'quitar', 'saquen'],
      ['mi numero', 'este numero', 'mi telefono', 'mi celular'],
    ],
    'any',
    'es',
  ),
  cue([['revocar', 'revoco', 'retiro', 'retirar'], ['mi', 'el'], ['consentimiento']], 'object', 'es'),
  // wrong number: "tienen el número equivocado", and "Número equivocado" opening a sentence
  // (not "le di el número equivocado": "I gave you the wrong number")
  cue(
    [
      ['tienen', 'tiene', 'tienes', 'este es', 'es'],
      ['el', 'un', ''],
      ['numero equivocado', 'numero incorrecto'],
    ],
    'any',
    'es',
  ),
  // "nunca me inscribí", "nunca di mi número" (not "nunca acepté la cirugía")
  cue(
    [
      ['nunca me', 'yo nunca me', 'nunca'],
      ['inscribi', 'suscribi', 'registre', 'apunte', 'di mi numero', 'autorice', 'acepte', 'di permiso', 'di mi consentimiento'],
    ],
    'object',
    'none',
  ),
  cue(word('se equivocaron de numero', 'se equivoco de numero', 'equivocado de numero'), 'any', 'es'),
  cue(word('numero equivocado', 'numero incorrecto'), 'any', 'none', { atStart: true }),
  // quoted: "ya les dije que basta", "respondí BAJA"
  cue(
    [
      ['respondi', 'conteste', 'envie', 'escribi', 'mande', 'puse', 'dije', 'dije que', 'les dije', 'les dije que'],
      ['', 'la palabra'],
      ['stop', 'baja', 'alto', 'parar', 'basta', 'no mas'],
    ],
    'said',
    'es',
  ),
];

/** Weak cues: an opt-out only when nothing but fillers follows them (see Follow 'end'). */
export const TAIL_PHRASES_EN: readonly Cue[] = [
  cue(
    [
      ['stop getting', 'stop receiving'],
      ['these', 'those', 'them'],
    ],
    'end',
    'en',
    { notAfter: MEDICAL_QUESTION },
  ),
  cue(word('stop these', 'stop those', 'stop them', 'stop this'), 'end', 'en', { notAfter: MEDICAL_QUESTION }),
  cue(word('want to stop', 'wanna stop', 'like to stop', 'want out'), 'end', 'en', { notAfter: MEDICAL_QUESTION }),
  cue([['can', 'could', 'will', 'would'], ['you', 'u'], ['', 'please', 'pls', 'plz'], ['stop']], 'end', 'en'),
  cue([['want', 'need', 'asking', 'begging'], ['you', 'u', 'yall'], ['to'], ['stop']], 'end', 'en'),
  cue(
    [
      ['dont want', 'do not want', 'no longer want'],
      ['these', 'them', 'those'],
      ['', 'anymore', 'any more'],
    ],
    'end',
    'en',
  ),
  cue(
    [
      ['this', 'it', 'these'],
      ['needs to', 'need to', 'has to', 'have to', 'must', 'gotta'],
      ['stop', 'end'],
    ],
    'end',
    'en',
  ),
  cue(word('not interested', 'im not interested', 'i am not interested'), 'end', 'none', { atStart: true }),
];
export const TAIL_PHRASES_ES: readonly Cue[] = [
  cue(word('ya no quiero', 'no quiero mas', 'ya no quiero mas', 'ya no los quiero', 'no quiero recibirlos'), 'end', 'none'),
  cue(word('no me interesa', 'no estoy interesado', 'no estoy interesada'), 'end', 'none', { atStart: true }),
];

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
