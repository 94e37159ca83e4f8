/**
 * Placeholder names that carry a patient identifier: names, date of birth, record and member
 * numbers, contact details, demographics, and the patient's own words (an inbound message body or
 * speech result), compared on the placeholder key (see placeholders.ts). Studio's
 * `trigger.message.From` and `contact.channel.address` are the patient's number, so `from` and
 * `address` count; `to` (our own number) does not.
 */

export type IdentifierKind = 'name' | 'date of birth' | 'record or member number' | 'contact detail' | 'demographic' | "patient's own words";

const EXACT: Readonly<Record<string, IdentifierKind>> = {
  name: 'name', fname: 'name', lname: 'name', first: 'name', last: 'name', fullname: 'name', firstname: 'name', lastname: 'name',
  middlename: 'name', givenname: 'name', familyname: 'name', surname: 'name', nickname: 'name', preferredname: 'name',
  legalname: 'name', initials: 'name', nombre: 'name', apellido: 'name', apellidos: 'name', nombrecompleto: 'name',
  dob: 'date of birth', dateofbirth: 'date of birth', birthdate: 'date of birth', birthday: 'date of birth',
  fechadenacimiento: 'date of birth',
  mrn: 'record or member number', ssn: 'record or member number', medicalrecordnumber: 'record or member number',
  chartnumber: 'record or member number', patientid: 'record or member number', memberid: 'record or member number',
  insuranceid: 'record or member number', policynumber: 'record or member number', accountnumber: 'record or member number',
  subscriberid: 'record or member number', insurance: 'record or member number', mrnumber: 'record or member number',
  email: 'contact detail', emailaddress: 'contact detail', phone: 'contact detail', phonenumber: 'contact detail',
  mobile: 'contact detail', mobilenumber: 'contact detail', cell: 'contact detail', cellphone: 'contact detail',
  address: 'contact detail', streetaddress: 'contact detail', homeaddress: 'contact detail', street: 'contact detail',
  zip: 'contact detail', zipcode: 'contact detail', postalcode: 'contact detail', from: 'contact detail',
  telefono: 'contact detail', direccion: 'contact detail', correo: 'contact detail',
  age: 'demographic', gender: 'demographic', sex: 'demographic', race: 'demographic', ethnicity: 'demographic', edad: 'demographic',
  body: "patient's own words", speechresult: "patient's own words", transcriptiontext: "patient's own words",
  unstablespeechresult: "patient's own words", recordingurl: "patient's own words",
};

const CONTAINS: readonly [string, IdentifierKind][] = [
  ['patient', 'name'], ['paciente', 'name'], ['firstname', 'name'], ['lastname', 'name'], ['fullname', 'name'],
  ['birth', 'date of birth'], ['dob', 'date of birth'], ['nacimiento', 'date of birth'],
  ['mrn', 'record or member number'], ['medicalrecord', 'record or member number'], ['socialsecurity', 'record or member number'],
  ['ssn', 'record or member number'], ['memberid', 'record or member number'], ['subscriber', 'record or member number'],
  ['insurance', 'record or member number'], ['phone', 'contact detail'], ['email', 'contact detail'], ['homeaddress', 'contact detail'],
  ['mailingaddress', 'contact detail'], ['guardian', 'name'],
];

/** Who a `...name` key names: a person (patient, guardian, contact), not a clinic or location. */
const PERSON_PREFIXES: readonly string[] = [
  'patient', 'customer', 'client', 'member', 'contact', 'user', 'recipient', 'guardian', 'parent', 'child', 'caller', 'person',
  'first', 'last', 'full', 'given', 'family', 'middle', 'preferred', 'legal', 'nick', 'sur', 'f', 'l', 'pt', 'resident',
  'subscriber', 'mother', 'father', 'spouse', 'caregiver', 'dependent', 'baby', 'kid', 'student', 'to',
];

/** The identifier a placeholder key carries, or null. Keys are lowercase alphanumerics (placeholderKey). */
export function identifierKind(key: string): IdentifierKind | null {
  const exact = EXACT[key];
  if (exact !== undefined) return exact;
  for (const [part, kind] of CONTAINS) if (key.includes(part)) return kind;
  if (key.endsWith('name') && PERSON_PREFIXES.includes(key.slice(0, -'name'.length))) return 'name';
  return null;
}
