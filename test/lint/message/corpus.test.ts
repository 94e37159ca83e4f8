/**
 * Precision and recall of "not PHI-free" (the positive class) on the labelled corpus
 * (corpus.json: our own messages, EN and ES, both classes, including hard cases the linter is known
 * to get wrong). The floors are what the linter achieves: a lexicon change must not lower them.
 * Tune the lexicon, never the corpus labels.
 */
import { lintMessage } from '../../../src/tooling/lint/message';
import corpus from './corpus.json';

interface Labelled {
  text: string;
  phiFree: boolean;
  note: string;
}

const PRECISION_FLOOR = 0.97;
const RECALL_FLOOR = 0.96;

describe('labelled corpus', () => {
  const items = corpus as Labelled[];

  test('is large enough, roughly balanced, and has no duplicates or empty notes', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    const clean = items.filter((c) => c.phiFree).length;
    expect(clean / items.length).toBeGreaterThan(0.4);
    expect(clean / items.length).toBeLessThan(0.6);
    expect(new Set(items.map((c) => c.text)).size).toBe(items.length);
    for (const c of items) expect(c.note.length).toBeGreaterThan(0);
    expect(items.some((c) => /\b(su|la|el)\b/i.test(c.text))).toBe(true);
  });

  test(`precision >= ${PRECISION_FLOOR} and recall >= ${RECALL_FLOOR} for "not PHI-free"`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const c of items) {
      const predicted = !lintMessage(c.text).phiFree;
      const actual = !c.phiFree;
      if (predicted && actual) tp++;
      else if (predicted) {
        fp++;
        misses.push(`false positive: ${c.note}`);
      } else if (actual) {
        fn++;
        misses.push(`false negative: ${c.note}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `message linter corpus: ${items.length} messages, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n  ${misses.join('\n  ')}`,
    );
    expect(precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    expect(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });
});
