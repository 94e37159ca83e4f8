/** The flow linter's readers: Liquid paths and filters, PHI-like key names, URL parts, pointers. */
import { liquidRefs, parsePath } from '../../../src/tooling/lint/flow/liquid';
import { phiKeyOf, wordsOf } from '../../../src/tooling/lint/flow/phi-keys';
import { protectedFunctionPaths } from '../../../src/tooling/lint/flow/project';
import { hostMatches, parseUrl } from '../../../src/tooling/lint/flow/urls';
import { pointer } from '../../../src/tooling/lint/flow/walk';
import { join } from 'node:path';

describe('Liquid', () => {
  test('paths, filters and tags', () => {
    expect(parsePath('widgets.fetch.parsed. last_error')).toEqual(['widgets', 'fetch', 'parsed', 'last_error']);
    expect(parsePath(`flow.data["first name"][0]`)).toEqual(['flow', 'data', 'first name', '0']);
    expect(parsePath('"literal"')).toBeNull();
    expect(liquidRefs('{{ flow.data.date | upcase | default: "a|b" }} {% if flow.data.dob and x %}{% endif %}')).toEqual([
      { path: ['flow', 'data', 'date'], filters: ['upcase', 'default'], kind: 'output' },
      { path: ['flow', 'data', 'dob'], filters: [], kind: 'tag' },
      { path: ['x'], filters: [], kind: 'tag' },
    ]);
  });
});

describe('PHI-like keys (phi-keys.json)', () => {
  test.each([
    [['flow', 'data', 'patient_first_name'], 'patient'],
    [['flow', 'data', 'dateOfBirth'], 'date_of_birth'],
    [['widgets', 'parsed', 'DOB'], 'dob'],
    [['flow', 'data', 'visit-reason'], 'visit_reason'],
    [['trigger', 'call', 'CallerName'], 'name'],
    [['flow', 'data', 'email'], 'email'],
  ])('%j names %s', (path, key) => expect(phiKeyOf(path)).toBe(key));

  test.each([
    [['flow', 'data', 'clinicName']],
    [['contact', 'channel', 'address']],
    [['flow', 'data', 'location_address']],
    [['flow', 'data', 'date']],
    [['widgets', 'parsed', 'message']],
    [['trigger', 'message', 'Body']],
  ])('%j names none', (path) => expect(phiKeyOf(path)).toBeNull());

  test('words split snake, camel, kebab and digits', () => {
    expect(wordsOf('patientDOBValue2x_last-name')).toEqual(['patient', 'dob', 'value', '2', 'x', 'last', 'name']);
  });
});

describe('URLs and pointers', () => {
  test('literal parts; Liquid host kept; a variable URL is not literal', () => {
    expect(parseUrl('https://__DOMAIN__/optout/guard?x=1')).toEqual({
      scheme: 'https',
      host: '__domain__',
      path: '/optout/guard',
      query: 'x=1',
      variable: false,
    });
    expect(parseUrl('https://{{flow.variables.host}}.twil.io/a').host).toBe('{{flow.variables.host}}.twil.io');
    expect(parseUrl(' {{flow.variables.url}}')).toMatchObject({ scheme: null, variable: true });
    expect(parseUrl('HTTPS://User@Api.Example:8443')).toMatchObject({ scheme: 'https', host: 'api.example', path: '/' });
    // The shared URL policy's parser: a space in the host is no URL at all (the old regex read host " bad host").
    expect(parseUrl('https:// bad host/x')).toEqual({ scheme: null, host: null, path: null, query: null, variable: false });
  });

  test('host patterns: exact, or *. for subdomains only', () => {
    expect(hostMatches('a.ehr.example', '*.ehr.example')).toBe(true);
    expect(hostMatches('ehr.example', '*.ehr.example')).toBe(false);
    expect(hostMatches('badehr.example', '*.ehr.example')).toBe(false);
    // Case-insensitive on both sides (the shared URL policy; hosts used to have to be lower-case already).
    expect(hostMatches('API.example', 'api.example')).toBe(true);
    expect(hostMatches('api.example', 'API.example')).toBe(true);
  });

  test('RFC 6901 escaping', () => {
    expect(pointer('states', 0, 'properties', 'a/b~c')).toBe('/states/0/properties/a~1b~0c');
  });

  test('protected Function paths of this repository include the opt-out guard', () => {
    const paths = protectedFunctionPaths(join(__dirname, '..', '..', '..'));
    expect(paths.has('/optout/guard')).toBe(true);
    expect(paths.has('/sms/inbound')).toBe(true);
  });
});
