/**
 * The Liquid that Studio evaluates in widget properties, read just far enough for the rules: which
 * variable paths a string refers to (`{{ flow.data.date | upcase }}` → flow.data.date, filters
 * [upcase]; `{% if trigger.message.Body %}` → trigger.message.Body) and whether a value is Liquid.
 */

export interface LiquidRef {
  /** Variable path segments, e.g. ['widgets', 'guard', 'parsed', 'action']. */
  path: string[];
  /** Filter names applied in an output tag, e.g. ['to_json']. */
  filters: string[];
  /** `output` for `{{ }}`, `tag` for a path inside `{% %}`. */
  kind: 'output' | 'tag';
}

const TAG_WORDS = new Set([
  'if',
  'elsif',
  'else',
  'endif',
  'unless',
  'endunless',
  'case',
  'when',
  'endcase',
  'for',
  'in',
  'endfor',
  'assign',
  'capture',
  'endcapture',
  'and',
  'or',
  'contains',
  'true',
  'false',
  'nil',
  'null',
  'empty',
  'blank',
  'cycle',
  'limit',
  'offset',
  'reversed',
  'break',
  'continue',
  'raw',
  'endraw',
  'comment',
  'endcomment',
  'increment',
  'decrement',
  'tablerow',
  'endtablerow',
  'with',
  'liquid',
  'echo',
]);

export function hasLiquid(text: string): boolean {
  return /\{\{|\{%/.test(text);
}

/** `a.b[0]["c"] . d` → ['a', 'b', '0', 'c', 'd']; null when the expression is not a variable path. */
export function parsePath(expr: string): string[] | null {
  const e = expr.trim();
  const first = /^[A-Za-z_][\w-]*/.exec(e);
  if (!first) return null;
  const out = [first[0]];
  const re = /\s*(?:\.\s*([A-Za-z_0-9][\w-]*)|\[\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*\])/y;
  re.lastIndex = first[0].length;
  for (let m = re.exec(e); m; m = re.exec(e)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

function splitFilters(expr: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '|') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

export function liquidRefs(text: string): LiquidRef[] {
  const refs: LiquidRef[] = [];
  for (const m of text.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const [head = '', ...rest] = splitFilters(m[1] ?? '');
    const path = parsePath(head);
    const filters = rest.map((f) => f.split(':')[0]?.trim() ?? '').filter(Boolean);
    if (path) refs.push({ path, filters, kind: 'output' });
  }
  for (const m of text.matchAll(/\{%-?([\s\S]*?)-?%\}/g)) {
    const body = (m[1] ?? '').replace(/"[^"]*"|'[^']*'/g, ' ');
    for (const p of body.matchAll(/[A-Za-z_][\w-]*(?:\s*\.\s*[A-Za-z_][\w-]*|\[[^\]]*\])*/g)) {
      const path = parsePath(p[0]);
      if (path && !(path.length === 1 && TAG_WORDS.has(path[0] ?? ''))) refs.push({ path, filters: [], kind: 'tag' });
    }
  }
  return refs;
}
