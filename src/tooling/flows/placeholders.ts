/**
 * Placeholders in flow templates (`__DOMAIN__`, `__SERVICE_SID__`, `__ENVIRONMENT_SID__`,
 * `__FUNCTION_SID__`, `__CLINIC_NAME__`, `__CLINIC_HELP_PHONE__`, `__FRONT_DESK_NUMBER__`; every
 * one matches /__[A-Z_]+__/; src/tooling/flows/template-catalog.ts documents where each value comes from): a walk
 * over every string of a JSON document with its RFC 6901 pointer, and the leftover scan that keeps a
 * half-rendered flow from ever being written or deployed.
 */

/** One placeholder; `g` for scanning a whole string. */
export const PLACEHOLDER = /__[A-Z_]+__/g;

export const KNOWN = {
  domain: '__DOMAIN__',
  serviceSid: '__SERVICE_SID__',
  environmentSid: '__ENVIRONMENT_SID__',
  functionSid: '__FUNCTION_SID__',
  clinicName: '__CLINIC_NAME__',
  clinicHelpPhone: '__CLINIC_HELP_PHONE__',
  frontDesk: '__FRONT_DESK_NUMBER__',
} as const;

const escape = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => `/${escape(String(p))}`).join('');
}

/** Returns a copy of `value` with every string (values and keys) passed through `map`. */
export function mapStrings(
  value: unknown,
  map: (s: string, path: readonly (string | number)[]) => string,
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, map, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[map(k, path)] = mapStrings(v, map, [...path, k]);
    return out;
  }
  return value;
}

export interface Leftover {
  placeholder: string;
  /** JSON pointer of the string holding it. */
  pointer: string;
  /** Name of the state it is in, when it is inside `/states/N`. */
  state: string | null;
}

/** Every placeholder still in `doc`, in document order. */
export function leftovers(doc: unknown): Leftover[] {
  const found: Leftover[] = [];
  const states = (doc as { states?: unknown } | null)?.states;
  const stateName = (path: readonly (string | number)[]): string | null => {
    if (path[0] !== 'states' || typeof path[1] !== 'number' || !Array.isArray(states)) return null;
    const name = (states[path[1]] as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? name : null;
  };
  mapStrings(doc, (s, path) => {
    for (const m of s.matchAll(PLACEHOLDER)) found.push({ placeholder: m[0], pointer: pointerOf(path), state: stateName(path) });
    return s;
  });
  return found;
}

/** The distinct placeholders in `doc`. */
export function placeholdersOf(doc: unknown): Set<string> {
  return new Set(leftovers(doc).map((l) => l.placeholder));
}
