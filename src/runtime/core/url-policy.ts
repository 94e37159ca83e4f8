/**
 * One URL policy for every check that judges a URL: the preflight's account rules (the webhooks
 * Twilio calls: Messaging Services, numbers, voice, Conversations, Verify, Event Streams, ...)
 * and the flow linter (Studio widget URLs). Parsing is WHATWG (`new URL`, as Node parses), plus
 * the decisions the parser leaves open, made here once. Dependency-free and small, so it may live
 * in src/runtime/core; no Function imports it today.
 *
 * Nothing here returns a whole URL: a verdict carries a scheme, a canonical host, a fixed problem
 * code and (for the flow linter's Liquid checks) the path and query. Userinfo is reported only as
 * a boolean, so credentials and query tokens never reach a finding.
 *
 * Decisions (one row each in test/unit/url-policy.test.ts):
 * - Unset: null, undefined, or a string that is empty after trimming. The caller decides whether
 *   unset is fine (most account fields: yes). A value that is not a string is unparseable.
 * - Absolute URLs only: relative (`/sms`) and scheme-relative (`//host`) are unparseable.
 * - Leading/trailing whitespace is trimmed; any other whitespace, control character or backslash
 *   makes the URL unparseable: WHATWG silently drops tabs and newlines and reads `\` as `/`, so
 *   another parser (Twilio's) could call a different URL from the one judged here.
 * - Scheme: `https` (case-insensitive) unless the policy lists others (`wss` for media streams).
 *   `http` only to a loopback host and only when the policy says `loopbackHttp` (local use).
 * - Userinfo (`user:pass@`): rejected, unless the policy allows Twilio's HTTP auth, which is
 *   exactly credentials in the URL (https://www.twilio.com/docs/usage/security#http-authentication).
 *   `https://host:443@evil.example` is userinfo `host:443` on host `evil.example`, as WHATWG reads it.
 * - Host: IPv4, IPv6, `localhost`, or a domain name of two or more labels, each 1-63 characters of
 *   letters, digits, `-` or `_` (not starting or ending with `-`), 253 at most. IDN is converted to
 *   punycode by the parser and judged as punycode. One trailing dot (the DNS root) is dropped, so
 *   `x.twil.io.` is `x.twil.io`; any other empty label makes it not a host. Percent-encoded host
 *   characters are judged decoded (`twil.io%2eevil.com` is `twil.io.evil.com`; `%20` or `%2f` in a
 *   host is unparseable). Loopback: 127.0.0.0/8, ::1 (and its IPv4-mapped form), localhost, *.localhost.
 * - Ports: any, unless the policy lists the allowed effective ports (443 for https written without one).
 * - Host allowlist: an exact host, or `*.suffix` for strict subdomains (the suffix has two or more
 *   labels), case-insensitive, canonicalised like hosts; IPs match exact entries only; a malformed
 *   entry matches nothing. A fragment or path never takes part (`https://evil.example#.twil.io`).
 * - Liquid (the flow linter only, `liquid: true`): `{{…}}` and `{%…%}` are replaced by stand-in
 *   tokens before parsing. A URL that starts with Liquid is `variable` (nothing literal to check).
 *   Liquid in the host leaves a literal https URL acceptable but its host unverifiable
 *   (`liquid.host`); a URL that only parses with Liquid stood in (e.g. a Liquid port) is `variable`.
 * - Placeholder hosts (`placeholderHosts`, e.g. the flow renderer's `__DOMAIN__`) are hosts.
 */

export type UrlProblem = 'unset' | 'variable' | 'unparseable' | 'scheme' | 'userinfo' | 'host' | 'port' | 'host-not-allowed';

/** Fixed text for each problem (no URL, no host): safe in any finding or message. */
export const URL_PROBLEM_TEXT: Readonly<Record<UrlProblem, string>> = {
  unset: 'no URL is set',
  variable: 'the URL is a variable, so nothing about it can be checked',
  unparseable: 'not a well-formed absolute URL',
  scheme: 'not https',
  userinfo: 'carries credentials (user:password@)',
  host: 'has no real host',
  port: 'uses a port that is not allowed',
  'host-not-allowed': 'its host is not on the allowlist',
};

export type HostKind = 'domain' | 'ipv4' | 'ipv6' | 'placeholder' | 'liquid' | 'none' | 'invalid';

export interface UrlParts {
  /** Lower-case scheme without the colon, e.g. `https`. */
  scheme: string;
  /** Canonical host: lower-case, punycode, no trailing dot, IPv6 in brackets; Liquid restored as written. Empty when there is none. */
  host: string;
  hostKind: HostKind;
  loopback: boolean;
  /** The port written in the URL (null when none, or the scheme's default). */
  port: number | null;
  /** The port used: the written one or the scheme's default (null for schemes without one). */
  effectivePort: number | null;
  userinfo: boolean;
  /** Path (`/` when empty), Liquid restored as written. */
  path: string;
  /** Query without `?`, Liquid restored as written; null when there is none. */
  query: string | null;
  liquid: { host: boolean; path: boolean; query: boolean };
}

export interface UrlPolicy {
  /** Accepted schemes, lower-case, no colon. Default: `['https']`. */
  schemes?: readonly string[];
  /** Accept `http://` to a loopback host (local development only). Default: false. */
  loopbackHttp?: boolean;
  /** `allow`: Twilio HTTP auth credentials in the URL are fine (never reported). Default: `reject`. */
  userinfo?: 'reject' | 'allow';
  /** Exact hosts or `*.suffix`; absent means any real host. */
  allowHosts?: readonly string[];
  /** Allowed effective ports; absent means any. */
  ports?: readonly number[];
  /** Read `{{…}}` / `{%…%}` as Liquid (Studio flows). Default: false (they are plain characters). */
  liquid?: boolean;
  /** Literal single-token hosts that stand for a real one, e.g. `__DOMAIN__`. */
  placeholderHosts?: readonly string[];
}

export type ParseResult = { ok: true; url: UrlParts } | { ok: false; problem: 'unset' | 'variable' | 'unparseable' };

export interface UrlVerdict {
  ok: boolean;
  /** Null when ok. */
  problem: UrlProblem | null;
  /** The parsed URL, when it parsed. */
  url: UrlParts | null;
}

/**
 * The URLs Twilio calls on the customer's behalf, as stored in the account: https, with Twilio's
 * HTTP auth allowed (https://www.twilio.com/docs/usage/security#http-authentication).
 */
export const WEBHOOK_POLICY: UrlPolicy = { userinfo: 'allow' };

/** Hosts that belong to Twilio itself: API, Functions and Assets, media. */
export const TWILIO_HOSTS: readonly string[] = ['twilio.com', '*.twilio.com', 'twil.io', '*.twil.io', 'twiliocdn.com', '*.twiliocdn.com'];

/** Twilio Functions and Assets domains (`<service>-<suffix>.twil.io`, twilio-run's deploy domain). */
export const FUNCTIONS_HOSTS: readonly string[] = ['*.twil.io'];

const DEFAULT_PORTS: Readonly<Record<string, number>> = { https: 443, http: 80, wss: 443, ws: 80 };
const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
// After trimming: whitespace (ASCII and Unicode), C0/C1 controls, DEL, backslash. Matching control
// characters is the point here.
// eslint-disable-next-line no-control-regex
const DISALLOWED = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isUnset(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The whole value starts with Liquid, e.g. `{{flow.variables.url}}`. */
export function startsWithLiquid(text: string): boolean {
  return /^\s*(\{\{|\{%)/.test(text);
}

function canonicalDomain(hostname: string): string | null {
  const h = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (h === '' || h.length > 253) return null;
  const labels = h.split('.');
  return labels.every((l) => LABEL.test(l)) ? h : null;
}

function isLoopback(host: string, kind: HostKind): boolean {
  if (kind === 'ipv4') return host.startsWith('127.');
  if (kind === 'ipv6') return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
  return kind === 'domain' && (host === 'localhost' || host.endsWith('.localhost'));
}

/** Parses without judging: unset, a variable, unparseable, or the URL's parts. */
/** Parses without judging: unset, a variable, unparseable, or the URL's parts. */
export function parseUrl(value: unknown, opts: Pick<UrlPolicy, 'liquid' | 'placeholderHosts'> = {}): ParseResult {
  if (isUnset(value)) return { ok: false, problem: 'unset' };
  if (typeof value !== 'string') return { ok: false, problem: 'unparseable' };
  const trimmed = value.trim();
  const liquid: string[] = [];
  let text = trimmed;
  if (opts.liquid) {
    if (startsWithLiquid(trimmed)) return { ok: false, problem: 'variable' };
    text = trimmed.replace(LIQUID, (m) => `zlqd${liquid.push(m) - 1}z`);
  }
  if (DISALLOWED.test(text)) return { ok: false, problem: 'unparseable' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    // Unparseable only because of where the Liquid sits (e.g. a Liquid port): nothing literal to judge.
    return { ok: false, problem: liquid.length > 0 && URL.canParse(trimmed.replace(LIQUID, '1')) ? 'variable' : 'unparseable' };
  }
  const tokens = liquid.map((_, i) => `zlqd${i}z`);
  const has = (s: string): boolean => tokens.some((t) => s.includes(t));
  const restore = (s: string): string => tokens.reduce((acc, t, i) => acc.split(t).join(liquid[i] ?? ''), s);
  const scheme = u.protocol.replace(/:$/, '');
  if (has(scheme)) return { ok: false, problem: 'variable' };
  const hostname = u.hostname;
  let host = '';
  let kind: HostKind = 'none';
  if (hostname !== '') {
    if (hostname.startsWith('[')) {
      kind = 'ipv6';
      host = hostname;
    } else if (IPV4.test(hostname)) {
      kind = 'ipv4';
      host = hostname;
    } else if (has(hostname)) {
      kind = 'liquid';
      host = restore(hostname);
    } else if ((opts.placeholderHosts ?? []).some((p) => p.toLowerCase() === hostname)) {
      kind = 'placeholder';
      host = hostname;
    } else {
      const domain = canonicalDomain(hostname);
      kind = domain !== null && (domain.includes('.') || domain === 'localhost') ? 'domain' : 'invalid';
      host = domain ?? hostname.slice(0, 253);
    }
  }
  const port = u.port === '' ? null : Number(u.port);
  return {
    ok: true,
    url: {
      scheme,
      host,
      hostKind: kind,
      loopback: isLoopback(host, kind),
      port,
      effectivePort: port ?? DEFAULT_PORTS[scheme] ?? null,
      userinfo: u.username !== '' || u.password !== '',
      path: restore(u.pathname === '' ? '/' : u.pathname),
      query: u.search === '' ? null : restore(u.search.slice(1)),
      liquid: { host: kind === 'liquid', path: has(u.pathname), query: has(u.search) },
    },
  };
}

const REAL_HOST: ReadonlySet<HostKind> = new Set(['domain', 'ipv4', 'ipv6']);

/**
 * A bare host (or `[IPv6]`) in canonical form, or null when it is not a real host. Anything that
 * would change how `https://<text>/` reads (`/ ? # @ % \`, a port, whitespace) makes it null.
 */
export function canonicalHost(text: string): string | null {
  const t = text.trim();
  if (t === '' || DISALLOWED.test(t) || /[/?#@%]/.test(t) || t.replace(/^\[[^\]]*\]$/, '').includes(':')) return null;
  const parsed = parseUrl(`https://${t}/`);
  if (!parsed.ok || parsed.url.userinfo || parsed.url.port !== null) return null;
  return REAL_HOST.has(parsed.url.hostKind) ? parsed.url.host : null;
}

const isIp = (host: string): boolean => host.startsWith('[') || IPV4.test(host);

/**
 * `host` matches `pattern`: the same canonical host, or for `*.suffix` a strict subdomain of the
 * suffix (two or more labels; never an IP). Case-insensitive; one trailing dot is ignored on both
 * sides; a malformed host or pattern matches nothing.
 */
export function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.trim();
  const wildcard = p.startsWith('*.');
  const h = canonicalHost(host);
  const target = canonicalHost(wildcard ? p.slice(2) : p);
  if (h === null || target === null) return false;
  if (!wildcard) return h === target;
  return !isIp(target) && target.includes('.') && !isIp(h) && h.endsWith(`.${target}`);
}

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => hostMatches(host, p));
}

/** Judges a URL against a policy. Problems are checked in the order of URL_PROBLEM_TEXT; the first wins. */
export function judgeUrl(value: unknown, policy: UrlPolicy = {}): UrlVerdict {
  const parsed = parseUrl(value, policy);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, url: null };
  const url = parsed.url;
  const bad = (problem: UrlProblem): UrlVerdict => ({ ok: false, problem, url });
  const schemes = policy.schemes ?? ['https'];
  const schemeOk = schemes.includes(url.scheme) || (url.scheme === 'http' && policy.loopbackHttp === true && url.loopback);
  if (!schemeOk) return bad('scheme');
  if (url.userinfo && policy.userinfo !== 'allow') return bad('userinfo');
  if (url.hostKind === 'none' || url.hostKind === 'invalid') return bad('host');
  if (policy.ports && (url.effectivePort === null || !policy.ports.includes(url.effectivePort))) return bad('port');
  if (policy.allowHosts && (url.hostKind === 'liquid' || !hostAllowed(url.host, policy.allowHosts))) return bad('host-not-allowed');
  return { ok: true, problem: null, url };
}

/** Unset, or acceptable under the policy (the account rules' "https or unset"). */
export function okOrUnset(value: unknown, policy: UrlPolicy = WEBHOOK_POLICY): boolean {
  return isUnset(value) || judgeUrl(value, policy).ok;
}

/** The canonical host of a URL with a real host, for evidence (never userinfo, path or query); else null. */
export function hostOf(value: unknown): string | null {
  const parsed = parseUrl(value);
  return parsed.ok && REAL_HOST.has(parsed.url.hostKind) ? parsed.url.host : null;
}
