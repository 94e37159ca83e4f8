import fc from 'fast-check';
import { MAX_BODY_CHARS, normalizeMessage, normalizeSegments } from '../../src/runtime/core/normalize';

const cases: [name: string, body: string, tokens: string[]][] = [
  // case and whitespace
  ['lowercases', 'STOP Now', ['stop', 'now']],
  ['trims and collapses spaces', '   stop    please  ', ['stop', 'please']],
  ['tabs and newlines separate', 'stop\tplease\r\nnow\n', ['stop', 'please', 'now']],
  ['NBSP separates', 'stop\u00A0please', ['stop', 'please']],
  ['ideographic space separates', 'stop\u3000please', ['stop', 'please']],
  ['em space, thin space, narrow NBSP separate', 'a\u2003b\u2009c\u202Fd', ['a', 'b', 'c', 'd']],
  ['line and paragraph separators separate', 'a\u2028b\u2029c', ['a', 'b', 'c']],
  // NFKC
  ['full-width letters become ASCII', 'ＳＴＯＰ', ['stop']],
  ['full-width lowercase', 'ｓｔｏｐ', ['stop']],
  ['full-width punctuation separates', 'ＳＴＯＰ！ＮＯＷ', ['stop', 'now']],
  ['mathematical bold letters', '𝐒𝐓𝐎𝐏', ['stop']],
  ['circled letters', 'ⓈⓉⓄⓅ', ['stop']],
  ['st ligature', 'ﬆop', ['stop']],
  ['fi ligature', 'ﬁne', ['fine']],
  ['long s', 'ſtop', ['stop']],
  ['trade-mark sign separates rather than adding letters', 'STOP™', ['stop']],
  ['full-width digits', '１２３', ['123']],
  // invisible characters are removed, joining the word
  ['zero-width space inside', 's\u200Btop', ['stop']],
  ['zero-width non-joiner and joiner', 's\u200Ct\u200Dop', ['stop']],
  ['word joiner', 'st\u2060op', ['stop']],
  ['BOM', '\uFEFFstop', ['stop']],
  ['soft hyphen', 'st\u00ADop', ['stop']],
  ['bidi marks', '\u200Estop\u200F', ['stop']],
  ['bidi embedding and isolates', '\u202Bst\u2066op\u2069\u202C', ['stop']],
  ['variation selector', 'stop\uFE0F', ['stop']],
  ['combining grapheme joiner', 'st\u034Fop', ['stop']],
  ['Hangul filler', 's\u3164top', ['stop']],
  ['tag characters', 'stop\u{E0073}\u{E007F}', ['stop']],
  // diacritics
  ['acute accents folded', 'MÁS', ['mas']],
  ['Spanish sentence folded', 'No más, gracias', ['no', 'mas', 'gracias']],
  ['tilde n folded', 'Mañana', ['manana']],
  ['decomposed input folded', 'si\u0301', ['si']],
  ['umlaut folded', 'stöp', ['stop']],
  ['dotted capital I', 'İNFO', ['info']],
  ['stray combining marks dropped', '\u0301stop\u0308', ['stop']],
  // emoji and symbols separate
  ['emoji around', '🛑 STOP 🛑', ['stop']],
  ['emoji glued on both sides', '🛑STOP🛑', ['stop']],
  ['emoji between words', 'stop🛑please', ['stop', 'please']],
  ['skin-tone modifier', 'ok👍🏽', ['ok']],
  ['ZWJ emoji sequence', 'hi👨‍👩‍👧', ['hi']],
  ['flag', '🇺🇸stop', ['stop']],
  ['keycap keeps the digit', '1️⃣', ['1']],
  ['symbols separate', 'a+b=c $5 ©x', ['a', 'b', 'c', '5', 'x']],
  ['only emoji', '🙂🙏🏽🛑', []],
  // punctuation, apostrophes, hyphens
  ['punctuation separates', 'stop!!!', ['stop']],
  ['asterisks', '*STOP*', ['stop']],
  ['quotes around', '\'stop\' "now"', ['stop', 'now']],
  ['apostrophe inside a word is dropped', "don't", ['dont']],
  ['right single quote inside a word', 'don’t', ['dont']],
  ['modifier letter apostrophe', 'donʼt', ['dont']],
  ['backtick and acute as apostrophes', 'don`t can´t', ['dont', 'cant']],
  ['full-width apostrophe', 'don＇t', ['dont']],
  ['Greek numeral sign (NFKC gives a modifier prime) as apostrophe', 'don\u0374t', ['dont']],
  ['apostrophe at word edges separates', "'stop' 'n", ['stop', 'n']],
  ['two apostrophes separate', "don''t", ['don', 't']],
  ['hyphen separates', 'opt-out', ['opt', 'out']],
  ['underscore separates', 'Opt_Out', ['opt', 'out']],
  ['dot separates', 'opt.out', ['opt', 'out']],
  ['en dash and em dash separate', 'opt–out—now', ['opt', 'out', 'now']],
  ['Spanish inverted marks', '¡ALTO! ¿Ayuda?', ['alto', 'ayuda']],
  ['digits kept, mixed tokens kept', 'room 3b at 10:30', ['room', '3b', 'at', '10', '30']],
  // other scripts pass through as tokens
  ['Cyrillic stays Cyrillic (no confusable folding)', 'СТОП', ['стоп']],
  ['CJK kept', '停止', ['停止']],
  ['empty', '', []],
  ['whitespace only', ' \t\n\u00A0\u3000', []],
];

describe('normalizeMessage', () => {
  test.each(cases)('%s', (_name, body, tokens) => {
    expect(normalizeMessage(body)).toEqual(tokens);
  });

  test('considers only the first MAX_BODY_CHARS code units', () => {
    const body = 'a '.repeat(MAX_BODY_CHARS / 2) + 'stop';
    const tokens = normalizeMessage(body);
    expect(tokens).toHaveLength(MAX_BODY_CHARS / 2);
    expect(tokens).not.toContain('stop');
  });

  test('a body of exactly MAX_BODY_CHARS is read in full', () => {
    const body = 'x'.repeat(MAX_BODY_CHARS - 5) + ' stop';
    expect(body).toHaveLength(MAX_BODY_CHARS);
    expect(normalizeMessage(body)).toEqual(['x'.repeat(MAX_BODY_CHARS - 5), 'stop']);
  });

  test('the cap never leaves half a surrogate pair', () => {
    const body = 'a'.repeat(MAX_BODY_CHARS - 1) + '𝐒𝐓';
    const tokens = normalizeMessage(body);
    expect(tokens).toEqual(['a'.repeat(MAX_BODY_CHARS - 1)]);
    expect(tokens.join('')).not.toMatch(/[\uD800-\uDFFF]/u);
  });

  test('every token is non-empty letters/digits, lowercase, and normalising again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (body) => {
        const tokens = normalizeMessage(body);
        for (const t of tokens) {
          expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
          expect(t).not.toMatch(/\p{Lu}/u);
        }
        expect(normalizeMessage(tokens.join(' '))).toEqual(tokens);
      }),
      { numRuns: 1000 },
    );
  });

  test('ASCII words survive unchanged apart from case', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { maxLength: 10 }), (words) => {
        expect(normalizeMessage(words.join(' \t'))).toEqual(words.map((w) => w.toLowerCase()));
      }),
    );
  });
});

describe('normalizeSegments', () => {
  test.each([
    ['STOP. I moved', [['stop'], ['i', 'moved']]],
    ['Stop, please', [['stop'], ['please']]],
    ['one\ntwo\r\nthree', [['one'], ['two'], ['three']]],
    ['¡Alto! ¿Ayuda?', [['alto'], ['ayuda']]],
    ['wait… what; ok: yes', [['wait'], ['what'], ['ok'], ['yes']]],
    ['full-width ＳＴＯＰ。ＮＯＷ！', [['full', 'width', 'stop'], ['now']]],
    ['...!!!', []],
    ['no breaks here', [['no', 'breaks', 'here']]],
  ] as [string, string[][]][])('%j', (body, segments) => {
    expect(normalizeSegments(body)).toEqual(segments);
  });

  test('flattened segments equal normalizeMessage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (body) => {
        expect(normalizeSegments(body).flat()).toEqual(normalizeMessage(body));
      }),
      { numRuns: 500 },
    );
  });
});
