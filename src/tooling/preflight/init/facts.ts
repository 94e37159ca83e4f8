/**
 * The facts `preflight init` asks for, derived from schemas/hipaa-config.schema.json: the account
 * SID, the profile, who attests, the HIPAA designation, the BAA, and one yes/no per attestation the
 * schema defines (its required ones required, the others optional; a ticket where the schema asks
 * for one). Each answer is validated with ajv against the schema node it fills, so the questions
 * and the flags cannot drift from the file the preflight reads. Errors say what a valid answer
 * looks like and never repeat the answer.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../../../schemas/hipaa-config.schema.json';
import type { HipaaConfig } from '../../config/hipaa-config';

/** Normalised answers by flag name: 'yes' / 'no' for yes-no facts; '' = left out. */
export type Answers = Record<string, string>;

export interface Fact {
  /** Flag without dashes, e.g. `account-sid`; also the answer's key. */
  flag: string;
  question: string;
  kind: 'text' | 'yesno' | 'choice';
  choices?: readonly string[];
  /** Placeholder in the usage, e.g. `AC…`. */
  placeholder: string;
  /** Schema node the answer must match (JSON pointer from the schema root). */
  pointer?: string;
  /** Also a real calendar date, not after today. */
  date?: boolean;
  /** What a valid answer looks like (the error text; never the answer itself). */
  expect: string;
  /** Optional facts may be left out (no flag; Enter at the prompt). */
  required: boolean;
  /** Asked only when this holds for the answers so far. */
  when?: (a: Answers) => boolean;
  /** A `no` means nothing can be written yet: why, and what to do. */
  gate?: string;
  /** The attestation key this fact fills. */
  attestation?: string;
}

/** Question text per attestation; a key added to the schema without one gets a generic question. */
const ATTESTATION_QUESTIONS: Record<string, string> = {
  messageRedaction: 'Is Message Redaction on (message bodies and phone numbers redacted; Console: Messaging > Settings > General)?',
  stopFilteringDisabled: 'Has Twilio Support disabled built-in STOP filtering / Advanced Opt-Out (needed with Message Redaction)?',
  mmsMediaHttpAuth: 'Is HTTP auth enforced on MMS media URLs (Console: Messaging > Settings > General)?',
  recordingHttpAuth: 'Is HTTP auth enforced on voice recording media (Console: Voice > Settings > General)?',
  recordingEncryption: 'Are voice recordings encrypted with your public key (Voice Recording Encryption)?',
  publicKeyClientValidationEnforced: 'Is Public Key Client Validation enforced (Console: Account > General settings)?',
  staticProxy: 'Do requests from Twilio to your systems come from Twilio Static Proxy?',
  staffTraining: 'Are Console users who can see PHI trained on HIPAA handling?',
  noPhiInSupportTickets: 'Do support tickets reference SIDs only, never PHI?',
  secureTrunkingInterconnect: 'Does voice traffic use Twilio Interconnect instead of TLS/SRTP?',
  eventStreamsKinesisHipaa: 'Do your Event Streams Kinesis sinks run on AWS HIPAA-eligible architecture?',
  videoMediaUrlsKeptSecret: 'Are Video media URLs fetched server-side only, never logged or forwarded?',
  twimlBinsPhiFree: 'Are the TwiML Bins in use free of PHI?',
};

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  enum?: string[];
  if?: { properties?: { value?: { const?: unknown } } };
  then?: { required?: string[] };
  required?: string[];
  properties?: Record<string, SchemaNode>;
}

const SCHEMA = schema as unknown as SchemaNode & { $id: string };
const ATTESTATION_REF = '#/definitions/attestation';

export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const isAttestation = (node: SchemaNode): boolean =>
  node.$ref === ATTESTATION_REF || (node.allOf ?? []).some((s) => s.$ref === ATTESTATION_REF);
const enumAt = (node: SchemaNode | undefined): string[] => node?.enum ?? [];

const DESIGNATION = SCHEMA.properties?.designations as SchemaNode & { items: SchemaNode };
const yes =
  (flag: string) =>
  (a: Answers): boolean =>
    a[flag] === 'yes';

function attestationFacts(): Fact[] {
  const node = SCHEMA.properties?.attestations ?? {};
  const required = new Set(node.required ?? []);
  const facts: Fact[] = [];
  for (const [key, sub] of Object.entries(node.properties ?? {})) {
    if (!isAttestation(sub)) continue; // verifyFraudGuardOff is a list of services, not a yes/no fact
    const flag = kebab(key);
    facts.push({
      flag,
      question: ATTESTATION_QUESTIONS[key] ?? `Is "${key}" in place (hipaa.config.json attestations.${key})?`,
      kind: 'yesno',
      placeholder: 'yes|no',
      expect: 'yes or no',
      required: required.has(key),
      attestation: key,
    });
    // "value: true needs a ticket" (stopFilteringDisabled): ask for it after a yes.
    if (sub.if?.properties?.value?.const === true && (sub.then?.required ?? []).includes('ticket')) {
      facts.push({
        flag: `${flag}-ticket`,
        question: 'The Twilio Support ticket number for that:',
        kind: 'text',
        placeholder: 'TICKET',
        pointer: `${ATTESTATION_REF}/properties/ticket`,
        expect: '1-40 letters, digits or dashes',
        required: true,
        when: yes(flag),
      });
    }
  }
  return facts;
}

/** Every fact, in the order asked. */
export const FACTS: readonly Fact[] = [
  {
    flag: 'account-sid',
    question: 'Account SID of the Twilio account designated for HIPAA (AC…):',
    kind: 'text',
    placeholder: 'AC…',
    pointer: '#/definitions/sid',
    expect: 'an Account SID: AC followed by 32 hexadecimal characters',
    required: true,
  },
  {
    flag: 'profile',
    question: `Deployment profile (redaction: Functions only with Message Redaction; studio: Studio flows) [${enumAt(SCHEMA.properties?.profile).join('|')}]:`,
    kind: 'choice',
    choices: enumAt(SCHEMA.properties?.profile),
    placeholder: enumAt(SCHEMA.properties?.profile).join('|'),
    pointer: '#/properties/profile',
    expect: `one of ${enumAt(SCHEMA.properties?.profile).join(', ')}`,
    required: true,
  },
  {
    flag: 'by',
    question: 'Who attests these facts (a role such as compliance-officer; never a patient):',
    kind: 'text',
    placeholder: 'ROLE',
    pointer: '#/definitions/who',
    expect: '2-80 characters',
    required: true,
  },
  {
    flag: 'designated',
    question: 'Is that account designated for HIPAA (Console: Admin > Account management, or a Support ticket)? [yes|no]',
    kind: 'yesno',
    placeholder: 'yes|no',
    expect: 'yes or no',
    required: true,
    gate: 'The account must be designated for HIPAA before it carries PHI (Console: Admin > Account management > HIPAA designation, or a Support ticket). Run init again once it is. Until then the preflight runs without hipaa.config.json and reports the checks that need it as unknown.',
  },
  {
    flag: 'designated-at',
    question: 'Date the account was designated (YYYY-MM-DD):',
    kind: 'text',
    placeholder: 'YYYY-MM-DD',
    pointer: '#/properties/designations/items/properties/designatedAt',
    date: true,
    expect: 'a date as YYYY-MM-DD, not in the future',
    required: true,
    when: yes('designated'),
  },
  {
    flag: 'designation-method',
    question: `How it was designated [${enumAt(DESIGNATION.items.properties?.method).join('|')}]:`,
    kind: 'choice',
    choices: enumAt(DESIGNATION.items.properties?.method),
    placeholder: enumAt(DESIGNATION.items.properties?.method).join('|'),
    pointer: '#/properties/designations/items/properties/method',
    expect: `one of ${enumAt(DESIGNATION.items.properties?.method).join(', ')}`,
    required: true,
    when: yes('designated'),
  },
  {
    flag: 'designation-ticket',
    question: 'The Support ticket number of the designation:',
    kind: 'text',
    placeholder: 'TICKET',
    pointer: '#/properties/designations/items/properties/ticket',
    expect: '1-40 letters, digits or dashes',
    required: true,
    when: (a) => a.designated === 'yes' && a['designation-method'] === 'ticket',
  },
  {
    flag: 'inherit-new-subaccounts',
    question: 'Do subaccounts created after that date inherit the designation? [yes|no]',
    kind: 'yesno',
    placeholder: 'yes|no',
    expect: 'yes or no',
    required: true,
    when: yes('designated'),
  },
  {
    flag: 'baa-signed',
    question: 'Is a Business Associate Addendum (BAA) with Twilio signed? [yes|no]',
    kind: 'yesno',
    placeholder: 'yes|no',
    expect: 'yes or no',
    required: true,
    gate: 'A signed BAA with Twilio (Security or Enterprise Edition) comes first. Run init again once it is signed. Until then the preflight runs without hipaa.config.json and reports the checks that need it as unknown.',
  },
  {
    flag: 'baa-signed-at',
    question: 'Date the BAA was signed (YYYY-MM-DD):',
    kind: 'text',
    placeholder: 'YYYY-MM-DD',
    pointer: '#/properties/baa/properties/signedAt',
    date: true,
    expect: 'a date as YYYY-MM-DD, not in the future',
    required: true,
    when: yes('baa-signed'),
  },
  {
    flag: 'baa-edition',
    question: `Twilio Edition under the BAA [${enumAt(SCHEMA.properties?.baa?.properties?.edition).join('|')}]:`,
    kind: 'choice',
    choices: enumAt(SCHEMA.properties?.baa?.properties?.edition),
    placeholder: enumAt(SCHEMA.properties?.baa?.properties?.edition).join('|'),
    pointer: '#/properties/baa/properties/edition',
    expect: `one of ${enumAt(SCHEMA.properties?.baa?.properties?.edition).join(', ')}`,
    required: true,
    when: yes('baa-signed'),
  },
  ...attestationFacts(),
];

const ajv = new Ajv({ strictRequired: false });
ajv.addSchema(schema);
const validators = new Map<string, ValidateFunction>();
function validatorFor(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `${SCHEMA.$id}${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

function realDate(s: string, today: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s && s <= today;
}

/**
 * The answer normalised (yes/no, an enum's own spelling), '' for a left-out optional fact, or null
 * when it is not valid for the fact.
 */
export function checkAnswer(fact: Fact, raw: string, today: string): string | null {
  const answer = raw.trim();
  if (answer === '') return fact.required ? null : '';
  let value = answer;
  if (fact.kind === 'yesno') {
    if (/^(y|yes)$/i.test(answer)) value = 'yes';
    else if (/^(n|no)$/i.test(answer)) value = 'no';
    else return null;
  } else if (fact.kind === 'choice') {
    const match = (fact.choices ?? []).find((c) => c.toLowerCase() === answer.toLowerCase());
    if (match === undefined) return null;
    value = match;
  }
  if (fact.pointer && !validatorFor(fact.pointer)(value)) return null;
  if (fact.date && !realDate(value, today)) return null;
  return value;
}

/** Today as YYYY-MM-DD in local time (the day the attestations are made). */
export function localToday(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

type Attestations = HipaaConfig['attestations'];

/**
 * The config from complete answers. Lists and keys the answers do not cover (`$schema`,
 * `version`, allowedCountries, allowedWebhookHosts, publicAssetsAllowlist) come from the example;
 * its sample facts (BAA, designation, attestations) never do. Every attestation is dated today.
 */
export function buildConfig(a: Answers, today: string, example: Record<string, unknown>): HipaaConfig {
  const who = { by: a.by ?? '', at: today };
  const attestations: Record<string, unknown> = {};
  for (const fact of FACTS) {
    if (!fact.attestation) continue;
    const answer = a[fact.flag];
    if (answer !== 'yes' && answer !== 'no') continue; // left out: the check reports unknown
    const ticket = a[`${fact.flag}-ticket`];
    attestations[fact.attestation] = { value: answer === 'yes', ...(answer === 'yes' && ticket ? { ticket } : {}), ...who };
  }
  attestations.verifyFraudGuardOff = [];
  const method = a['designation-method'] as 'self-service' | 'ticket';
  return {
    ...(example as Partial<HipaaConfig>),
    version: 1,
    profile: a.profile as HipaaConfig['profile'],
    baa: { signedAt: a['baa-signed-at'] ?? '', edition: a['baa-edition'] as 'Security' | 'Enterprise', ...who },
    designations: [
      {
        accountSid: a['account-sid'] ?? '',
        designatedAt: a['designated-at'] ?? '',
        method,
        ...(method === 'ticket' ? { ticket: a['designation-ticket'] ?? '' } : {}),
        inheritNewSubaccounts: a['inherit-new-subaccounts'] === 'yes',
        ...who,
      },
    ],
    attestations: attestations as Attestations,
  };
}
