/**
 * The lexicon data file: it validates against its schema, is versioned, covers every category the
 * issue names with enough entries, compiles to stems once (inflections and Spanish match), refuses
 * a broken document with JSON paths only, and keeps the linter fast.
 */
import lexiconFile from '../../../lexicon/message-lexicon.json';
import { lintMessage } from '../../../src/tooling/lint/message';
import { compileLexicon, findTerms, getLexicon, LexiconError, MIN_STEM } from '../../../src/tooling/lint/message/lexicon';
import { analyze, foldedWords } from '../../../src/tooling/lint/message/text';
import { CANARY_NAME } from '../../helpers/canary';

type Lists = Partial<Record<'en' | 'es' | 'any' | 'word' | 'exact', string[]>>;
const file = lexiconFile as unknown as { version: string; categories: Record<string, Lists>; ordinary: Lists };

function terms(text: string, languages: readonly ('en' | 'es')[] = ['en', 'es']): string[] {
  return findTerms(getLexicon(), analyze(text).tokens, languages).map((m) => m.term);
}

describe('shipped lexicon', () => {
  test('validates, is versioned, and covers the categories of issue 5', () => {
    const lexicon = getLexicon();
    expect(lexicon.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lexicon.categories).toEqual(
      expect.arrayContaining([
        'condition',
        'specialty',
        'medication',
        'procedure',
        'lab_result',
        'mental_health',
        'substance_use',
        'sexual_health',
        'reproductive_health',
        'genetic',
      ]),
    );
    expect(lexicon.sizes.medication).toBeGreaterThanOrEqual(300);
    for (const [category, size] of Object.entries(lexicon.sizes)) expect([category, size >= 20]).toEqual([category, true]);
    expect(Object.values(lexicon.sizes).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1500);
  });

  test('no entry is listed twice in one language', () => {
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const [category, lists] of Object.entries(file.categories)) {
      for (const list of ['en', 'es', 'any', 'word', 'exact'] as const) {
        for (const term of lists[list] ?? []) {
          const key = `${list === 'any' ? 'en+es' : list}:${list === 'exact' ? term : foldedWords(term).join(' ')}`;
          if (seen.has(key)) dups.push(`${key} (${seen.get(key)}, ${category})`);
          seen.set(key, category);
        }
      }
    }
    expect(dups).toEqual([]);
  });

  test('stemming: inflections of an entry match it, reported as the entry spelled like the text if there is one', () => {
    expect(terms('diabetic', ['en'])).toEqual(['diabetic']);
    expect(terms('diabetics', ['en'])).toEqual(['diabetes']);
    expect(terms('oncologists', ['en'])).toEqual(['oncologist']);
    expect(terms('oncological', ['en'])).toEqual(['oncological']);
    expect(terms('results', ['en'])).toEqual(['results']);
    expect(terms('resulting', ['en'])).toEqual(['result']);
    expect(terms('Pregnancies', ['en'])).toEqual(['pregnancies']);
    expect(terms('counselors', ['en'])).toEqual(['counselor']);
    expect(terms('diabéticas', ['es'])).toEqual(['diabetes']);
    expect(terms('oncóloga', ['es'])).toEqual(['oncologa']);
    expect(terms('análisis de sangre', ['es'])).toEqual(['analisis de sangre']);
  });

  test(`short stems (< ${MIN_STEM} letters) need the word as written: "sido" is not "sida", "venir" is not "venas"`, () => {
    expect(terms('ha sido confirmada, puede venir', ['es'])).toEqual([]);
    expect(terms('VIH y sida', ['es'])).toEqual(['vih', 'sida']);
  });

  test('eponyms match only as diseases: "Parkinson Building" is a surname', () => {
    expect(terms('the Parkinson Building')).toEqual([]);
    expect(terms("Parkinson's disease")).toEqual(['parkinson disease']);
    expect(terms("your Parkinson's follow-up")).toEqual(['parkinsons']);
  });

  test('phrases do not cross a sentence break, but do cross an abbreviation period', () => {
    expect(terms('Call St. Jude.')).toEqual(['st jude']);
    expect(terms('Meet at the rear. Jude will help.')).toEqual([]);
  });

  test('Spanish entries are used only on text that reads as Spanish', () => {
    expect(terms('Please park at the rear: the parto lot is closed and we will be there today')).toEqual([]);
    expect(lintMessage('Su cita prenatal es mañana.').phiFree).toBe(false);
  });
});

describe('compileLexicon', () => {
  test('refuses an invalid document, naming JSON paths and never values', () => {
    const bad = { version: 'v1', categories: { condition: { en: [CANARY_NAME, 7] } }, ordinary: { en: [] } };
    let error: unknown;
    try {
      compileLexicon(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LexiconError);
    expect((error as Error).message).toContain('/version (pattern)');
    expect((error as Error).message).toContain('/categories/condition/en/1 (type)');
    expect((error as Error).message).not.toContain(CANARY_NAME);
  });

  test('refuses unknown keys and category names', () => {
    expect(() => compileLexicon({ version: '1.0.0', categories: { Condition: { en: ['x1'] } }, ordinary: { en: ['ok'] } })).toThrow(
      LexiconError,
    );
    expect(() => compileLexicon({ version: '1.0.0', categories: { condition: { fr: ['x1'] } }, ordinary: { en: ['ok'] } })).toThrow(
      '/categories/condition',
    );
  });

  test('a minimal lexicon compiles and matches stems, ordinary wording and exact entries', () => {
    const lexicon = compileLexicon({
      version: '2.0.0',
      categories: { condition: { en: ['asthma attack'], exact: ['PrEP'] } },
      ordinary: { en: ['asthma attack drill'] },
    });
    const find = (text: string) => findTerms(lexicon, analyze(text).tokens, ['en']).map((m) => m.term);
    expect(find('two asthma attacks')).toEqual(['asthma attack']);
    expect(find('the asthma attack drill')).toEqual([]);
    expect(find('PrEP and prep')).toEqual(['PrEP']);
  });
});

describe('speed', () => {
  test('lints 3,000 messages in well under a few seconds (the lexicon compiles once)', () => {
    getLexicon();
    const texts = [
      'Reminder: you have an appointment at Main Street Clinic tomorrow at 2pm. Reply 1 to confirm, 2 to reschedule. Reply STOP to opt out.',
      'Su cita de oncología con la Dra. López es mañana. Responda SÍ para confirmar.',
      'Hi {{first_name}}, your {{appointment_type}} visit with Dr. Smith is on {{flow.data.date}}.',
    ];
    const start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) for (const t of texts) lintMessage(`${t} ${i}`);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).toBeLessThan(5000);
  });
});
