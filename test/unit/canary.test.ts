/**
 * The PHI canary matcher: normalised forms of the canary phone, name and body are hits (by kind);
 * masks, SIDs and ordinary clinic text are not. Titles name the case, never the canary value, so
 * the reporter's own output carries no canary.
 */
import { assertNoCanary, CANARY_BODY, CANARY_NAME, CANARY_PHONE, findCanary, type CanaryKind } from '../helpers/canary';

const positives: readonly (readonly [string, string, CanaryKind])[] = [
  // phone
  ['E.164', `to ${CANARY_PHONE}`, 'phone'],
  ['bare 10 digits', 'status 2025550147 ok', 'phone'],
  ['11 digits with country code, no plus', 'from=12025550147', 'phone'],
  ['parenthesised area code', 'call (202) 555-0147 today', 'phone'],
  ['dashes', '202-555-0147', 'phone'],
  ['spaced with +1', '+1 202 555 0147', 'phone'],
  ['dots', '202.555.0147', 'phone'],
  ['+1 and parentheses', '+1 (202) 555-0147', 'phone'],
  ['slash separators', '202/555/0147', 'phone'],
  ['non-breaking spaces', '202\u00A0555\u00A00147', 'phone'],
  ['en dashes', '202\u2013555\u20130147', 'phone'],
  ['full-width digits', '\uFF12\uFF10\uFF12\uFF15\uFF15\uFF15\uFF10\uFF11\uFF14\uFF17', 'phone'],
  ['zero-width space inside', '+1202\u200B5550147', 'phone'],
  ['URL-encoded in a query string', 'To=%2B12025550147&From=%2B15555550100', 'phone'],
  ['URL-encoded with encoded spaces', 'q=%2B1%20202%20555%200147', 'phone'],
  ['whatsapp: prefix', 'whatsapp:+12025550147', 'phone'],
  ['tel: URI', '<a href="tel:+1-202-555-0147">', 'phone'],
  ['JSON value', '{"to":"+12025550147","n":1}', 'phone'],
  ['after an underscore', 'phone_2025550147', 'phone'],
  ['other country code prefix', '+44 2025550147', 'phone'],
  ['next to another number in one run', '202-555-0100 202-555-0147', 'phone'],
  // name
  ['name as planted', `Hello ${CANARY_NAME}`, 'name'],
  ['name lower case', 'hello zebulon quixote', 'name'],
  ['first name upper case', 'ZEBULON', 'name'],
  ['surname alone, title case', 'Mr. Quixote', 'name'],
  ['surname, first name', 'QUIXOTE, Zebulon', 'name'],
  ['name with diacritics', 'Zébulon Quíxote', 'name'],
  ['name with zero-width joiner', 'Zeb\u200Dulon', 'name'],
  ['full-width name', '\uFF3A\uFF45\uFF42\uFF55\uFF4C\uFF4F\uFF4E', 'name'],
  ['name glued to other text', 'patientZebulonQ', 'name'],
  // body
  ['whole body (its name is found first)', CANARY_BODY, 'name'],
  ['body without the name', CANARY_BODY.replace(CANARY_NAME, 'the patient'), 'body'],
  ['marker lower case', 'canary-phi', 'body'],
  ['marker with underscore', 'CANARY_PHI', 'body'],
  ['three consecutive words', 'my diabetes insulin', 'body'],
  ['three words, other case and punctuation', 'Diabetes, INSULIN; refill!', 'body'],
  ['three words across a line break', 'insulin refill\nfor', 'body'],
  ['distinctive pair', 'about the insulin refill', 'body'],
  ['distinctive pair upper case', 'DIABETES INSULIN', 'body'],
  ['body JSON-escaped in a log line', JSON.stringify({ msg: 'my diabetes insulin' }), 'body'],
];

const negatives: readonly (readonly [string, string])[] = [
  ['the allowed mask', '+1******0147'],
  ['the national mask', '******0147'],
  ['mask in a sentence', 'Number PN123 (+1******0147): not opted out'],
  ['a Message SID ending in the last 4', `SM${'0'.repeat(28)}0147`],
  ['a SID whose hex holds the 10 digits', `SM${'0'.repeat(22)}2025550147`],
  ['a SID holding the 11 digits', `PN${'a'.repeat(21)}12025550147`],
  ['a hash holding the digits', 'sha=ab12025550147cd'],
  ['digits in a longer digit group', '991202555014799'],
  ['digits at the start of a longer group', '20255501479'],
  ['another number', '+15555550100'],
  ['another number reformatted', '(202) 555-0100'],
  ['a timestamp', '2026-11-20T10:00:00.000Z 1764000000000'],
  ['ordinary clinic text', 'Reminder: your appointment at Main Street Clinic is on Tuesday at 10am. Reply STOP to opt out.'],
  ['the word refill alone', 'Your refill is ready.'],
  ['insulin alone', 'insulin'],
  ['two body words that are not distinctive', 'for my appointment'],
  ['canary PHI spoken of with a space', 'canary PHI appeared in test output (stdout: phone)'],
  ['a word that merely contains the surname', 'quixotesque quixotic'],
  ['the word canary alone', 'canary'],
  ['empty', ''],
];

describe('findCanary', () => {
  test.each(positives)('finds: %s', (_label, text, kind) => {
    expect(findCanary(text)).toBe(kind);
  });

  test.each(negatives)('does not flag: %s', (_label, text) => {
    expect(findCanary(text)).toBeUndefined();
  });
});

describe('assertNoCanary', () => {
  test('throws naming the kind and place, never the value', () => {
    let message = '';
    try {
      assertNoCanary('x (202) 555-0147 y', 'server output');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('canary PHI (phone) found in server output');
    expect(message).not.toMatch(/\d{4}/);
  });

  test('passes on clean text', () => {
    expect(() => assertNoCanary('+1******0147 refill', 'server output')).not.toThrow();
  });
});
