/**
 * Precision and recall of "is a revocation" (classifyMessage → optout or optout_all) on the
 * hand-labelled corpus in test/fixtures/revocation-corpus.json. The measured numbers, the floors
 * and every misclassified message are documented in docs/keywords.md ("Long messages"): when a
 * number or KNOWN_ERRORS changes, update that section too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyMessage, MAX_PHRASE_TOKENS, type Classification } from '../../src/runtime/core/keywords';
import { MAX_BODY_CHARS, normalizeMessage } from '../../src/runtime/core/normalize';

type Category = 'clear_revocation' | 'ambiguous' | 'ordinary';

interface Row {
  id: number;
  set: 'dev' | 'holdout' | 'long';
  lang: 'en' | 'es';
  category: Category;
  revocation: boolean;
  text: string;
  note?: string;
}

const corpus = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'revocation-corpus.json'), 'utf8')) as { messages: Row[] };
const rows = corpus.messages;

interface Scored extends Row {
  result: Classification;
  predicted: boolean;
  long: boolean;
}

const scored: Scored[] = rows.map((r) => {
  const result = classifyMessage(r.text);
  return {
    ...r,
    result,
    predicted: result.kind === 'optout' || result.kind === 'optout_all',
    long: normalizeMessage(r.text).length > MAX_PHRASE_TOKENS,
  };
});

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function count(subset: readonly Scored[]): Counts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of subset) {
    if (r.predicted && r.revocation) tp++;
    else if (r.predicted) fp++;
    else if (r.revocation) fn++;
  }
  return { tp, fp, fn };
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const fmt = (x: number): string => x.toFixed(3);

const all = count(scored);
const precision = ratio(all.tp, all.tp + all.fp);
const recall = ratio(all.tp, all.tp + all.fn);
const clear = scored.filter((r) => r.category === 'clear_revocation');
const clearRecall = ratio(clear.filter((r) => r.predicted).length, clear.length);
const longClear = clear.filter((r) => r.long);
const longClearRecall = ratio(longClear.filter((r) => r.predicted).length, longClear.length);
const longOrdinary = scored.filter((r) => r.long && !r.revocation);
const longOrdinaryFp = longOrdinary.filter((r) => r.predicted).length;

/** Floors: set just below what was measured (docs/keywords.md). */
const CLEAR_RECALL_FLOOR = 0.99;
const PRECISION_FLOOR = 0.98;
const RECALL_FLOOR = 0.98;

/**
 * Every misclassified corpus message, by id (see docs/keywords.md for the reasons). A fix or a
 * regression changes this list: update the docs with it.
 */
const KNOWN_ERRORS: Record<number, 'false_positive' | 'false_negative'> = {
  183: 'false_negative', // "I'm not a patient there" (no ask)
  185: 'false_negative', // "These texts are annoying" (no ask)
  201: 'false_positive', // "Can I stop these?" (short weak cue, honoured)
  401: 'false_positive', // "Are you going to stop sending reminders once the treatment is done?"
};

describe('revocation corpus: the labelled set', () => {
  test(`has at least 300 messages (${rows.length}), in English and Spanish, short and long`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.filter((r) => r.lang === 'es').length).toBeGreaterThanOrEqual(100);
    expect(rows.filter((r) => r.lang === 'en').length).toBeGreaterThanOrEqual(100);
    expect(scored.filter((r) => r.long).length).toBeGreaterThanOrEqual(80);
    expect(clear.length).toBeGreaterThanOrEqual(140);
    expect(rows.filter((r) => r.category === 'ordinary').length).toBeGreaterThanOrEqual(100);
    expect(rows.filter((r) => r.category === 'ambiguous').length).toBeGreaterThanOrEqual(20);
  });

  test('ids are 1..n, texts unique and within the SMS cap, labels agree with categories', () => {
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.text.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
      if (r.category === 'clear_revocation') expect(r.revocation).toBe(true);
      if (r.category === 'ordinary') expect(r.revocation).toBe(false);
      if (r.category === 'ambiguous') expect(typeof r.note).toBe('string');
    }
  });
});

describe('revocation corpus: measured quality', () => {
  test(`recall on clear revocations ${fmt(clearRecall)} (${clear.length} messages) ≥ ${CLEAR_RECALL_FLOOR}`, () => {
    expect(clearRecall).toBeGreaterThanOrEqual(CLEAR_RECALL_FLOOR);
  });

  test(`recall on clear revocations longer than ${MAX_PHRASE_TOKENS} tokens ${fmt(longClearRecall)} (${longClear.length} messages) ≥ ${CLEAR_RECALL_FLOOR}`, () => {
    expect(longClear.length).toBeGreaterThanOrEqual(40);
    expect(longClearRecall).toBeGreaterThanOrEqual(CLEAR_RECALL_FLOOR);
  });

  test(`precision ${fmt(precision)} (${all.tp} true / ${all.fp} false positives) ≥ ${PRECISION_FLOOR}`, () => {
    expect(precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
  });

  test(`recall incl. ambiguous ${fmt(recall)} (${all.fn} false negatives) ≥ ${RECALL_FLOOR}`, () => {
    expect(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  test(`no long ordinary message is an opt-out (${longOrdinaryFp} of ${longOrdinary.length})`, () => {
    expect(longOrdinary.filter((r) => r.predicted).map((r) => r.id)).toEqual([]);
  });

  test('the misclassified messages are exactly the documented ones', () => {
    const errors: Record<number, string> = {};
    for (const r of scored) {
      if (r.predicted && !r.revocation) errors[r.id] = 'false_positive';
      if (!r.predicted && r.revocation) errors[r.id] = 'false_negative';
    }
    expect(errors).toEqual(KNOWN_ERRORS);
  });

  test('every detected revocation replies in the message language (Spanish → es)', () => {
    const wrong = scored.filter((r) => r.predicted && r.revocation && r.result.language !== r.lang);
    expect(wrong.map((r) => `${r.id}: ${r.result.language ?? 'null'}`)).toEqual([]);
  });

  test('classification is silent (never logs)', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m));
    for (const r of rows) classifyMessage(r.text);
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });
});
