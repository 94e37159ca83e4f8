/**
 * The one argument parser (src/tooling/cli/args.ts): what every CLI shares (npm scripts and the plugin's
 * checkValues path), with hostile input: values that look like flags, repeats, inline values,
 * out-of-range integers, unknown flags carrying PHI. Errors name the flag and never the value.
 */
import { checkValues, parseCommandLine, toArgv, UsageError, wantsHelp, type FlagSpecs } from '../../src/tooling/cli/args';
import { DEPLOY_FLAGS } from '../../src/tooling/deploy/args';
import { CANARY_BODY, CANARY_PHONE, findCanary } from '../helpers/canary';

const FLAGS = {
  dry: { kind: 'boolean', description: 'd' },
  name: { kind: 'string', default: 'x', description: 'n' },
  color: { kind: 'string', choices: ['red', 'blue'], description: 'c' },
  n: { kind: 'integer', min: 1, max: 10, default: 3, description: 'n' },
  tag: { kind: 'string', multiple: true, description: 't' },
} as const satisfies FlagSpecs;

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('no usage error');
}

describe('parseCommandLine', () => {
  test('defaults, inline and separate values, repeatable flags, positionals only when allowed', () => {
    expect(parseCommandLine({ flags: FLAGS }, []).values).toEqual({ dry: false, name: 'x', color: undefined, n: 3, tag: [] });
    const c = parseCommandLine({ flags: FLAGS, positionals: true }, ['--dry', '--name=a=b', '--n', '10', '--tag', 'p', '--tag=q', 'file']);
    expect(c.values).toEqual({ dry: true, name: 'a=b', color: undefined, n: 10, tag: ['p', 'q'] });
    expect(c.positionals).toEqual(['file']);
    expect([...c.given].sort()).toEqual(['dry', 'n', 'name', 'tag']);
  });

  test.each([
    [['--name'], '--name needs a value'],
    [['--name', '--dry'], '--name needs a value'],
    [['--dry=yes'], '--dry takes no value'],
    [['--name', 'a', '--name', 'b'], '--name given twice'],
    [['--n', '0'], 'invalid --n'],
    [['--n', '11'], 'invalid --n'],
    [['--n', '2.5'], 'invalid --n'],
    [['--n', '1e1'], 'invalid --n'],
    [['--name='], 'invalid --name'],
    [['--color', 'green'], 'invalid --color: one of red, blue'],
    [['stray'], 'unknown argument'],
    [[`--${CANARY_PHONE}`], 'unknown argument'],
    [['--body', CANARY_BODY], 'unknown argument'],
    [[`--name=${CANARY_PHONE}`, `--name=${CANARY_BODY}`], '--name given twice'],
  ])('%j → %s (never the value)', (argv, message) => {
    const got = usageMessage(() => parseCommandLine({ flags: FLAGS }, argv));
    expect(got).toBe(message);
    expect(findCanary(got)).toBeUndefined();
  });

  test('checkValues (the plugin path) gives the same errors for the same values', () => {
    expect(usageMessage(() => checkValues(FLAGS, { color: 'green' }))).toBe('invalid --color: one of red, blue');
    expect(usageMessage(() => checkValues(FLAGS, { n: '99' }))).toBe('invalid --n');
    expect(usageMessage(() => checkValues(FLAGS, { name: 'a' }, new Map([['name', 2]])))).toBe('--name given twice');
    expect(usageMessage(() => checkValues(FLAGS, { other: CANARY_PHONE }))).toBe('unknown argument');
    expect(checkValues(FLAGS, { n: '7', tag: ['a'] }).values).toMatchObject({ n: 7, tag: ['a'], dry: false });
  });

  test('toArgv round-trips checked values (the plugin hands them to the project scripts)', () => {
    const argv = ['--accept-risk', 'A-B', '--accept-risk', 'C-D', '--environment', 'stage', '--wire', '--concurrency', '4'];
    const first = parseCommandLine({ flags: DEPLOY_FLAGS }, argv);
    const again = parseCommandLine({ flags: DEPLOY_FLAGS }, toArgv(DEPLOY_FLAGS, first.values, first.given));
    expect(again.values).toEqual(first.values);
    expect([...again.given].sort()).toEqual([...first.given].sort());
  });

  test('--help in a flag position only, when the flags are known', () => {
    expect(wantsHelp(['x', '-h'])).toBe(true);
    expect(wantsHelp(['--name', '-h'], FLAGS)).toBe(false);
    expect(wantsHelp(['--name=-h', '--help'], FLAGS)).toBe(true);
    expect(wantsHelp(['--dry', '-h'], FLAGS)).toBe(true);
  });
});
