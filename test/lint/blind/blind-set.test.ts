/**
 * The message linter's blind set (issue 15 item 5): messages written before anyone read the
 * lexicon, its corpus or its misses (commit af113a0 adds the set alone, before anything under
 * lexicon/ or src/lint/message/ (now src/tooling/lint/message/) was opened). Its figures are reported next to the tuning corpus's
 * in lexicon/README.md, never instead of them.
 *
 * RULE: never tune the lexicon or the linter against this set, and never change an expected verdict
 * to match the linter. A wrong expectation is reported in lexicon/README.md and left as it is. Once
 * the lexicon is tuned on what the blind set misses, the set is spent: write a new one, unseen.
 *
 * This file checks that:
 * - the set is byte-for-byte the one recorded in blind-set.lock.json (editing it without updating
 *   the hash in the same change fails here);
 * - no blind message reaches the tuning material: the tuning corpus, the lexicon, the linter's
 *   source or any other test fixture (only three coincidences predate the set; they are excluded
 *   from the blind figures);
 * - the figures lexicon/README.md quotes are the ones the linter gets now;
 * - the evaluation counts what it says it counts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { evaluateSets, renderMarkdown, runEvalCli } from '../../../src/tooling/lint/cli/eval-cli';
import type { MessageLintResult } from '../../../src/tooling/lint/message';
import { evaluateLinter } from '../../../src/tooling/lint/message/evaluate';
import {
  BLIND_SET_PATH,
  blindAsLabelled,
  blindOverlap,
  LabelledSetError,
  normaliseMessage,
  parseBlindSet,
  parseTuningCorpus,
  readBlindSet,
  readTuningCorpus,
} from '../../../src/tooling/lint/message/labelled-sets';
import lock from './blind-set.lock.json';

const ROOT = join(__dirname, '../../..');
const BLIND_DIR = __dirname;

/**
 * Blind messages the tuning corpus already held, word for word, when the blind set was written
 * (see `git show af113a0^:test/lint/message/corpus.json`): short, common wordings both authors
 * wrote independently. They are left out of the blind figures. NEVER add to this list: a new
 * overlap means a blind message was copied into the tuning material.
 */
const OVERLAP_BEFORE_THE_BLIND_SET = ['blind-027', 'blind-107', 'blind-205'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(json|jsonc|ts|md|txt)$/.test(name)) out.push(path);
  }
  return out;
}

describe('the blind set is locked', () => {
  test('its content hash is the one recorded in blind-set.lock.json (edit both in the same change, or neither)', () => {
    const bytes = readFileSync(join(ROOT, BLIND_SET_PATH));
    expect(lock.file).toBe('messages.blind.json');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(lock.sha256);
  });

  test('it is well formed, large enough, roughly balanced, with unique ids and messages and a reason for each', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, BLIND_SET_PATH), 'utf8')) as {
      header: { counts: { flag: number; clean: number; total: number } };
    };
    const set = readBlindSet(ROOT);
    expect(set.length).toBeGreaterThanOrEqual(150);
    expect(new Set(set.map((m) => m.id)).size).toBe(set.length);
    expect(new Set(set.map((m) => normaliseMessage(m.text))).size).toBe(set.length);
    for (const m of set) expect(m.reason.length).toBeGreaterThan(0);
    const flag = set.filter((m) => m.expected === 'flag').length;
    expect(raw.header.counts).toEqual({ flag, clean: set.length - flag, total: set.length });
    expect(flag / set.length).toBeGreaterThan(0.4);
    expect(flag / set.length).toBeLessThan(0.6);
  });
});

describe('no blind message reaches the tuning material', () => {
  const blind = readBlindSet(ROOT);

  test('the tuning corpus holds no blind message except the overlap that predates the set', () => {
    expect(blindOverlap(blind, readTuningCorpus(ROOT))).toEqual(OVERLAP_BEFORE_THE_BLIND_SET);
  });

  test('no blind message appears in the lexicon, the source or any other test file', () => {
    const ids = new Set(OVERLAP_BEFORE_THE_BLIND_SET);
    const texts = blind.filter((m) => !ids.has(m.id)).map((m) => ({ id: m.id, norm: normaliseMessage(m.text) }));
    const files = ['lexicon', 'src', 'test', 'flows', 'assets', 'docs', 'scripts', 'bench']
      .flatMap((d) => filesUnder(join(ROOT, d)))
      .filter((f) => !f.startsWith(BLIND_DIR));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of files) {
      const content = normaliseMessage(readFileSync(f, 'utf8'));
      for (const t of texts) if (content.includes(t.norm)) found.push(`${t.id} in ${relative(ROOT, f)}`);
    }
    expect(found).toEqual([]);
  });

  test('the blind figures leave the overlap out', () => {
    const labelled = blindAsLabelled(blind, readTuningCorpus(ROOT));
    expect(labelled).toHaveLength(blind.length - OVERLAP_BEFORE_THE_BLIND_SET.length);
    expect(labelled.map((m) => m.id)).not.toEqual(expect.arrayContaining([OVERLAP_BEFORE_THE_BLIND_SET[0]]));
  });
});

describe('lexicon/README.md reports the current figures, blind and tuning separately', () => {
  test('the table between the lint-eval markers is what `npm run -s lint:eval -- --format markdown` prints now', () => {
    const readme = readFileSync(join(ROOT, 'lexicon/README.md'), 'utf8');
    const block = /<!-- lint-eval:begin[^>]*-->\n([\s\S]*?)\n<!-- lint-eval:end -->/.exec(readme)?.[1];
    expect(block).toBe(renderMarkdown(evaluateSets(ROOT)));
  });
});

describe('evaluateLinter', () => {
  const verdict = (phiFree: boolean, ruleId = 'R'): MessageLintResult => ({
    phiFree,
    findings: phiFree ? [] : [{ ruleId, severity: 'error', message: 'm', state: null, pointer: '' }],
  });
  const fake = (text: string): MessageLintResult => verdict(!text.startsWith('F'), text.slice(1, 2));

  test('counts each cell of the confusion matrix, names misses by id and false positives by rule', () => {
    const e = evaluateLinter(
      [
        { id: 'tp1', text: 'Fa', flag: true },
        { id: 'tp2', text: 'Fb', flag: true },
        { id: 'fp', text: 'Fc', flag: false },
        { id: 'fn', text: 'ok', flag: true },
        { id: 'tn1', text: 'ok', flag: false },
        { id: 'tn2', text: 'ok', flag: false },
      ],
      fake,
    );
    expect(e).toMatchObject({ total: 6, truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
    expect(e.precision).toBeCloseTo(2 / 3);
    expect(e.recall).toBeCloseTo(2 / 3);
    expect(e.misses).toEqual([
      { id: 'fp', kind: 'false positive', rules: ['c'] },
      { id: 'fn', kind: 'false negative', rules: [] },
    ]);
  });

  test('an undefined ratio is null, not perfect', () => {
    expect(evaluateLinter([{ id: 'a', text: 'ok', flag: false }], fake)).toMatchObject({ precision: null, recall: null });
  });

  test('uses the public entry point (lintMessage) by default', () => {
    expect(evaluateLinter([{ id: 'x', text: 'Your oncology appointment is tomorrow.', flag: true }])).toMatchObject({ truePositives: 1 });
  });
});

describe('the labelled sets are parsed strictly', () => {
  test.each([
    [{}],
    [{ header: {}, messages: [] }],
    [{ header: {}, messages: [{ id: 'a', channel: 'sms', text: 't', expected: 'maybe', reason: 'r', tags: [] }] }],
  ])('a malformed blind set throws: %j', (json) => {
    expect(() => parseBlindSet(json)).toThrow(LabelledSetError);
  });
  test.each([[[]], [[{ text: 't', phiFree: 'no', note: 'n' }]], [{}]])('a malformed tuning corpus throws: %j', (json) => {
    expect(() => parseTuningCorpus(json)).toThrow(LabelledSetError);
  });
});

describe('npm run lint:eval', () => {
  const run = (...argv: string[]): { code: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const code = runEvalCli(argv, { root: ROOT, out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
    return { code, out, err };
  };

  test('reports both sets separately, by id and rule, never by text', () => {
    const r = run('--misses', '--blind-misses');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^tuning corpus +\d+ messages .* precision \d\.\d{3} +recall \d\.\d{3}/m);
    expect(r.out).toMatch(/^blind set +\d+ messages .* precision \d\.\d{3} +recall \d\.\d{3}/m);
    for (const m of readBlindSet(ROOT)) expect(r.out).not.toContain(m.text);
  });

  test('a usage error exits 2 with the usage', () => {
    expect(run('--format', 'xml')).toMatchObject({ code: 2, out: '' });
    expect(run('extra')).toMatchObject({ code: 2, out: '' });
  });

  test.each(['--help', '-h'])('%s prints the usage and exits 0, run the way npm runs it', (flag) => {
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, 'scripts/lint-eval.ts', flag], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run -s lint:eval/);
  });
});
