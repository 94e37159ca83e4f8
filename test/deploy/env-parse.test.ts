/**
 * One reading of the deploy env file (src/runtime/core/env-parse.ts, src/runtime/core/env-file.ts), against the
 * REAL parsers: dotenv 16 as installed (the gate's old reader) and the dotenv twilio-run 5.0.1
 * itself resolves (6.2.0, required from twilio-run's own env reader). The strict parser must refuse
 * every file the two read differently, by line number and problem kind, never a value; whatever it
 * accepts, both real parsers read exactly as it does (fast-check over env-like text); its canonical
 * form reads back identically everywhere.
 *
 * Disagreements found by fuzzing the two real parsers with fast-check (a token alphabet of keys,
 * =, quotes, #, CR, LF, \n escapes, export, :, tab, NBSP, U+2028, BOM, VT), kept as regression cases:
 *  - `KEY=<CR>value`: dotenv 16 turns the CR into a line break (KEY empty, so "not uploaded"),
 *    twilio-run's dotenv skips it as whitespace after `=` and uploads KEY=value;
 *  - `KEY=value<U+2028>…`: dotenv 16 reads it; twilio-run's dotenv drops the whole variable (`.`
 *    does not match U+2028);
 *  - `KEY=x<VT>#…` and `a==#…`: dotenv 16 cuts at #, twilio-run keeps it;
 *  - `KEY=x:<CR>A…` and any lone CR inside a line: twilio-run's dotenv drops the line;
 *  - `KEY='x'<TAB or space>`: twilio-run's dotenv keeps the trailing blank, so strips only the
 *    opening quote (`x'`); dotenv 16 reads `x`;
 *  - `KEY: value`, `export KEY=`, a BOM before the first key, a key on a line after a BOM/VT:
 *    dotenv 16 only.
 * The property over the strict grammar then found `KEY='x\'` (dotenv 16 reads `\'` as an escaped
 * quote and runs on into the next lines: `A='x\'` then `DEBUG='#*'` hides DEBUG from dotenv 16
 * while twilio-run uploads it): backslashes inside quotes are refused.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as dotenv16 } from 'dotenv';
import { readDeployEnvFile } from '../../src/runtime/core/env-file';
import {
  canonicalEnv,
  crossCheckEnv,
  describeEnvProblem,
  ENV_PROBLEM_TEXT,
  parseEnvStrict,
  twilioRunDotenvParse,
  type EnvProblemKind,
} from '../../src/runtime/core/env-parse';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE_DIGITS } from '../helpers/canary';

/** twilio-run's own dotenv, resolved independently of the code under test. */
const fromTwilioRun = createRequire(require.resolve('twilio-run/dist/config/utils/env.js'));
const dotenv6 = (fromTwilioRun('dotenv') as { parse: (s: string) => Record<string, string> }).parse;

const strictMap = (text: string | Buffer): Record<string, string> | null => {
  const r = parseEnvStrict(text);
  return r.ok ? Object.fromEntries(r.entries.map((e) => [e.key, e.value])) : null;
};
const kinds = (text: string | Buffer): { line: number; kind: EnvProblemKind }[] => {
  const r = parseEnvStrict(text);
  return r.ok ? [] : r.problems.map(({ line, kind }) => ({ line, kind }));
};

describe('the two real parsers', () => {
  test('are the versions this gate is about', () => {
    expect((fromTwilioRun('dotenv/package.json') as { version: string }).version).toBe('6.2.0');
    expect((createRequire(__filename)('dotenv/package.json') as { version: string }).version).toBe('16.4.7');
    expect(twilioRunDotenvParse()('A=1')).toEqual(dotenv6('A=1'));
  });

  test.each([
    ['a multi-line quoted value hides later lines from dotenv 16', 'NOTE="a\nDEBUG=*\nACCOUNT_SID=AC9"\n'],
    ['export', 'export DEBUG=*\n'],
    ['an inline comment', 'URL=https://x.twil.io # https://abc.ngrok.app\n'],
    ['KEY=<CR>value (fuzzing)', 'DEBUG=\r*\n'],
    ['U+2028 in a value (fuzzing)', 'DEBUG=x\u2028y\n'],
    ['KEY: value', 'DEBUG: *\n'],
    ['CR-only lines', 'A=1\rDEBUG=*\n'],
    ['a stray closing quote', "A=x'\n"],
    ['spaces inside quotes', 'A=" x "\n'],
    ['backtick quotes', 'A=`x`\n'],
    ['\\r escape in double quotes', 'A="x\\ry"\n'],
    ['a backslash before a closing single quote (dotenv 16 runs on and never sees DEBUG)', "A='x\\'\nDEBUG='#*'\n"],
    ['a tab after a closing quote (fuzzing)', "A='x'\t\n"],
  ])('disagree on %s (the regression this guards against), and the strict parser refuses it', (_name, text) => {
    expect(dotenv16(text)).not.toEqual(dotenv6(text));
    expect(parseEnvStrict(text).ok).toBe(false);
  });
});

describe('parseEnvStrict', () => {
  test('accepts the plain subset: comments, blank lines, LF or CRLF, spaces around =, quoted values, empty values', () => {
    const text = "# c\n\n  A=1\nB = two words \r\nC='x # y'\nD=\"it's\"\nE=\nF=a=b\n\tG=é ü\n";
    expect(strictMap(text)).toEqual({ A: '1', B: 'two words', C: 'x # y', D: "it's", E: '', F: 'a=b', G: 'é ü' });
    expect(strictMap(text)).toEqual(dotenv16(text));
    expect(strictMap(text)).toEqual(dotenv6(text));
  });

  test.each<[string, string | Buffer, { line: number; kind: EnvProblemKind }[]]>([
    [
      'multi-line quoted value',
      'A=1\nNOTE="x\nDEBUG=*"\n',
      [
        { line: 2, kind: 'unterminated-quote' },
        { line: 3, kind: 'stray-quote' },
      ],
    ],
    ['export', 'export A=1\n', [{ line: 1, kind: 'export-prefix' }]],
    ['inline comment', 'A=1 # note\n', [{ line: 1, kind: 'hash-in-unquoted-value' }]],
    ['text after a closing quote', 'A="1" # note\n', [{ line: 1, kind: 'text-after-quote' }]],
    ['duplicate key', 'A=1\nB=2\nA=3\n', [{ line: 3, kind: 'duplicate-key' }]],
    ['lower-case key', 'a=1\n', [{ line: 1, kind: 'invalid-key' }]],
    ['key starting with a digit', '1A=1\n', [{ line: 1, kind: 'invalid-key' }]],
    ['dotted key', 'A.B=1\n', [{ line: 1, kind: 'invalid-key' }]],
    ['BOM', Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x3d, 0x31]), [{ line: 1, kind: 'bom' }]],
    ['CR-only line ending', 'A=1\rB=2\n', [{ line: 1, kind: 'lone-cr' }]],
    ['invalid UTF-8', Buffer.from([0x41, 0x3d, 0x31, 0x0a, 0x42, 0x3d, 0xff, 0x0a]), [{ line: 2, kind: 'invalid-utf8' }]],
    ['NBSP', 'A=1\u00a0\n', [{ line: 1, kind: 'invisible-character' }]],
    ['zero-width space', 'A=1\u200b2\n', [{ line: 1, kind: 'invisible-character' }]],
    ['bidi override', 'A=\u202eevil\n', [{ line: 1, kind: 'invisible-character' }]],
    ['NUL', 'A=1\u0000\n', [{ line: 1, kind: 'invisible-character' }]],
    ['colon syntax', 'A: 1\n', [{ line: 1, kind: 'colon-syntax' }]],
    ['not a KEY=value line', 'just words\n', [{ line: 1, kind: 'not-key-value' }]],
    ['a quoted line after an empty value', "A=\n'x'\n", [{ line: 2, kind: 'not-key-value' }]],
    ['quote inside quotes', 'A="x"y"\n', [{ line: 1, kind: 'quote-inside-quotes' }]],
    ['space inside quotes', "A=' x'\n", [{ line: 1, kind: 'space-inside-quotes' }]],
    ['backslash in double quotes', 'A="x\\ny"\n', [{ line: 1, kind: 'backslash-in-quotes' }]],
    [
      'a backslash before a closing single quote (dotenv 16 reads it as an escaped quote; found by the property below)',
      "A='x\\'\nDEBUG='#*'\n",
      [{ line: 1, kind: 'backslash-in-quotes' }],
    ],
    [
      'a space after a closing quote (twilio-run keeps it and strips only the opening quote; found by fuzzing)',
      'A=\'x\' \nB="y"\t\n',
      [
        { line: 1, kind: 'space-after-quote' },
        { line: 2, kind: 'space-after-quote' },
      ],
    ],
    ['backticks', 'A=`x`\n', [{ line: 1, kind: 'backtick-quotes' }]],
    ['a lone opening quote', 'A="\n', [{ line: 1, kind: 'unterminated-quote' }]],
  ])('refuses %s with its line and kind', (_name, text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  test('messages name the line and the kind, never the value', () => {
    const r = parseEnvStrict(`A=1\nNOTE="${CANARY_BODY}\nDEBUG=${CANARY_PHONE_DIGITS}"\nA=${CANARY_NAME}\n`);
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.map(describeEnvProblem).join('\n');
    expect(text).toBe(
      [
        `line 2: ${ENV_PROBLEM_TEXT['unterminated-quote']}`,
        `line 3: ${ENV_PROBLEM_TEXT['stray-quote']}`,
        `line 4: ${ENV_PROBLEM_TEXT['duplicate-key']} (first set at line 1)`,
      ].join('\n'),
    );
    for (const secret of [CANARY_BODY, CANARY_NAME, CANARY_PHONE_DIGITS, 'NOTE', 'DEBUG']) expect(text.includes(secret)).toBe(false);
  });
});

/** Env-like text: lines built from the tokens both parsers treat specially. */
const TOKENS = [
  'A',
  'DEBUG',
  'KEY_1',
  'x',
  '1',
  '=',
  ' ',
  '\t',
  '"',
  "'",
  '`',
  '#',
  '\\n',
  '\\r',
  '\\',
  "\\'",
  '\\"',
  'export ',
  ':',
  '.',
  '-',
  'é',
  '$',
  '{',
  '}',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u000b',
  '\r',
  '\n',
  '\u0085',
  '\u3000',
  '😀',
];
const line = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((t) => t.join(''));
const keyLine = fc
  .tuple(fc.constantFrom('A', 'DEBUG', 'KEY_1', 'AUTH_TOKEN', ' B', 'export C', 'd'), fc.constantFrom('=', ' = ', ': ', '=', '=\t'), line)
  .map(([k, eq, v]) => `${k}${eq}${v}`);
const envText = fc
  .array(fc.oneof(line, keyLine, keyLine, keyLine, fc.constant(''), fc.constant('# c'), fc.constant("# it's")), { maxLength: 8 })
  .chain((lines) => fc.constantFrom('\n', '\r\n').map((sep) => lines.join(sep)));

describe('property: whatever the strict parser accepts, both real parsers read exactly the same', () => {
  test('over env-like text (strict reading = dotenv 16 = twilio-run dotenv 6.2.0, or refused)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(envText, (text) => {
        const strict = parseEnvStrict(text);
        if (!strict.ok) return true;
        accepted += 1;
        const map = Object.fromEntries(strict.entries.map((e) => [e.key, e.value]));
        expect({ ...dotenv16(text) }).toEqual(map);
        expect({ ...dotenv6(text) }).toEqual(map);
        expect(crossCheckEnv(text, strict.entries)).toEqual([]);
        return true;
      }),
      { numRuns: 8000, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(1000); // the property was not vacuous
  });

  test('canonicalEnv of any representable map reads back as the map with every parser', () => {
    const value = fc
      .array(
        fc.constantFrom('a', 'Z', '0', ' ', '\t', '#', '"', "'", '`', '\\', "\\'", '=', ':', '$', '{', 'é', '+', '/', '.', '-', '\\n'),
        { maxLength: 10 },
      )
      .map((t) => t.join('').trim());
    const vars = fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), value, { maxKeys: 6 });
    fc.assert(
      fc.property(vars, (v) => {
        const nonEmpty = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));
        let text: string;
        try {
          text = canonicalEnv(v);
        } catch {
          // A value needing quotes (#, a quote at either end) that also holds \ or both quote characters has no one-line form.
          return true;
        }
        expect(strictMap(text)).toEqual(nonEmpty);
        expect({ ...dotenv16(text) }).toEqual(nonEmpty);
        expect({ ...dotenv6(text) }).toEqual(nonEmpty);
        return true;
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  test('canonicalEnv: sorted, non-empty only, quoted only when needed; refuses what no line can hold', () => {
    expect(canonicalEnv({ B: 'x # y', A: '1', C: '', D: "it's #1", E: 'ends"' })).toBe("A=1\nB='x # y'\nD=\"it's #1\"\nE='ends\"'\n");
    expect(() => canonicalEnv({ A: 'a\nb' })).toThrow();
    expect(() => canonicalEnv({ a: '1' })).toThrow();
    expect(() => canonicalEnv({ A: '\'"#\\' })).toThrow();
  });
});

describe('readDeployEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-parse-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('missing, refused, ok (non-empty variables and the file hash)', () => {
    const path = join(dir, '.env.deploy');
    expect(readDeployEnvFile(path)).toEqual({ status: 'missing' });
    writeFileSync(path, 'A=1\nexport B=2\n');
    expect(readDeployEnvFile(path)).toEqual({ status: 'refused', problems: [{ line: 2, kind: 'export-prefix' }] });
    writeFileSync(path, 'A=1\nB=\n');
    expect(readDeployEnvFile(path)).toEqual({
      status: 'ok',
      vars: { A: '1' },
      sha256: createHash('sha256').update('A=1\nB=\n').digest('hex'),
    });
  });

  test('a disagreement only a real parser sees is refused (the cross-check backstop); a parser that cannot load is unreadable (unknown), not ok', () => {
    const path = join(dir, '.env.deploy');
    writeFileSync(path, 'A=1\nB=2\n');
    const dropsB = (src: string): Record<string, string> => Object.fromEntries(Object.entries(dotenv16(src)).filter(([k]) => k !== 'B'));
    expect(readDeployEnvFile(path, [dotenv16, dropsB])).toEqual({ status: 'refused', problems: [{ line: 2, kind: 'parsers-disagree' }] });
    const addsC = (src: string): Record<string, string> => ({ ...dotenv16(src), C: 'x' });
    expect(readDeployEnvFile(path, [addsC])).toEqual({ status: 'refused', problems: [{ line: 0, kind: 'parsers-disagree' }] });
    expect(describeEnvProblem({ line: 0, kind: 'parsers-disagree' })).toBe(`the file: ${ENV_PROBLEM_TEXT['parsers-disagree']}`);
    const cannotLoad = (): Record<string, string> => {
      throw new Error('Cannot find module');
    };
    expect(readDeployEnvFile(path, [dotenv16, cannotLoad])).toEqual({ status: 'unreadable' });
  });
});
