/**
 * Comments of a commented JSON (JSON5) document, by JSON pointer, and a renderer that writes a new
 * value with those comments back in place. `init` uses it to write hipaa.config.json as a commented
 * copy of hipaa.config.example.jsonc: the explanations stay next to the facts they explain, and the
 * values are the user's answers (never text substitution in the example).
 *
 * The scanner reads the JSON5 subset the example uses: objects, arrays, quoted or bare keys,
 * strings, numbers and literals, `//` and block comments, trailing commas. Values themselves are
 * parsed by JSON5; here only the layout is read.
 */
import JSON5 from 'json5';

export interface Annotations {
  /** Comment lines before the root value. */
  header: string[];
  /** Comment lines before a property or item, by JSON pointer. */
  leading: Map<string, string[]>;
  /** A comment on the same line after a property or item (after its comma). */
  trailing: Map<string, string>;
  /** Comments before the closing bracket of an object or array (e.g. a commented-out example item). */
  inner: Map<string, string[]>;
  /** Properties or items with a blank line before them (or before their comments). */
  blankBefore: Set<string>;
  /** Property order of each object in the source. */
  order: Map<string, string[]>;
}

type Token = { t: '{' | '}' | '[' | ']' | ':' | ',' | 'str' | 'lit' | 'comment' | 'nl'; v: string };

export class JsoncSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      out.push({ t: 'nl', v: c });
      i += 1;
    } else if (/\s/.test(c)) i += 1;
    else if ('{}[]:,'.includes(c)) {
      out.push({ t: c as Token['t'], v: c });
      i += 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out.push({ t: 'comment', v: text.slice(i, stop).trimEnd() });
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new JsoncSyntaxError('unterminated block comment');
      out.push({ t: 'comment', v: text.slice(i, end + 2) });
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new JsoncSyntaxError('unterminated string');
      out.push({ t: 'str', v: text.slice(i, j + 1) });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_$+\-.]+/.exec(text.slice(i));
      if (!m) throw new JsoncSyntaxError(`unexpected character at offset ${i}`);
      out.push({ t: 'lit', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

const escapeKey = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Reads the comments and layout of a commented JSON document (see Annotations). */
export function annotate(text: string): Annotations {
  const tokens = tokenize(text);
  const ann: Annotations = {
    header: [],
    leading: new Map(),
    trailing: new Map(),
    inner: new Map(),
    blankBefore: new Set(),
    order: new Map(),
  };
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const take = (t: Token['t']): Token => {
    const tok = tokens[p];
    if (!tok || tok.t !== t) throw new JsoncSyntaxError(`expected ${t}`);
    p += 1;
    return tok;
  };
  /** Comments and newlines up to the next significant token; blank = an empty line before the first comment (or the token). */
  const trivia = (): { comments: string[]; blank: boolean } => {
    const comments: string[] = [];
    let blank = false;
    let newlines = 0;
    while (peek() && (peek()!.t === 'nl' || peek()!.t === 'comment')) {
      const tok = tokens[p++]!;
      if (tok.t === 'nl') {
        newlines += 1;
        if (newlines >= 2 && comments.length === 0) blank = true;
      } else {
        comments.push(tok.v);
        newlines = 0;
      }
    }
    return { comments, blank };
  };
  /** After a value: its comma, and a comment on the same line. */
  const after = (path: string): void => {
    if (peek()?.t === ',') p += 1;
    if (peek()?.t === 'comment') ann.trailing.set(path, tokens[p++]!.v);
  };
  const note = (path: string, tr: { comments: string[]; blank: boolean }, first: boolean): void => {
    if (tr.comments.length > 0) ann.leading.set(path, tr.comments);
    if (tr.blank && !first) ann.blankBefore.add(path);
  };
  const value = (path: string): void => {
    const tok = peek();
    if (!tok) throw new JsoncSyntaxError('unexpected end');
    if (tok.t === '{') {
      p += 1;
      const keys: string[] = [];
      for (;;) {
        const tr = trivia();
        if (peek()?.t === '}') {
          if (tr.comments.length > 0) ann.inner.set(path, tr.comments);
          p += 1;
          break;
        }
        const keyTok = peek();
        if (!keyTok || (keyTok.t !== 'str' && keyTok.t !== 'lit')) throw new JsoncSyntaxError('expected a key');
        p += 1;
        const key = keyTok.t === 'str' ? (JSON5.parse(keyTok.v) as string) : keyTok.v;
        const child = `${path}/${escapeKey(key)}`;
        note(child, tr, keys.length === 0);
        keys.push(key);
        trivia();
        take(':');
        trivia();
        value(child);
        after(child);
      }
      ann.order.set(path, keys);
    } else if (tok.t === '[') {
      p += 1;
      for (let n = 0; ; n += 1) {
        const tr = trivia();
        if (peek()?.t === ']') {
          if (tr.comments.length > 0) ann.inner.set(path, tr.comments);
          p += 1;
          break;
        }
        const child = `${path}/${n}`;
        note(child, tr, n === 0);
        value(child);
        after(child);
      }
    } else if (tok.t === 'str' || tok.t === 'lit') p += 1;
    else throw new JsoncSyntaxError(`unexpected ${tok.t}`);
  };
  ann.header = trivia().comments;
  value('');
  trivia();
  if (p !== tokens.length) throw new JsoncSyntaxError('text after the document');
  return ann;
}

export interface RenderOptions {
  /** Replaces the header comments. */
  header?: string[];
  /** Paths whose trailing comment no longer applies (e.g. "replace with your account SID"). */
  dropTrailing?: ReadonlySet<string>;
  /**
   * A property the source has and the value does not: a comment line to write in its place (after
   * its own comments), or null to leave it out silently.
   */
  omitted?: (path: string, key: string) => string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPrimitive = (v: Json): boolean => v === null || typeof v !== 'object';

/** `value` as commented JSON, 2-space indented, with the comments of `ann` at their paths. */
export function render(value: Json, ann: Annotations, opts: RenderOptions = {}): string {
  const hasComments = (path: string): boolean =>
    ann.leading.has(path) || (ann.trailing.has(path) && !opts.dropTrailing?.has(path)) || ann.inner.has(path);
  const trailing = (path: string): string => (ann.trailing.has(path) && !opts.dropTrailing?.has(path) ? ` ${ann.trailing.get(path)!}` : '');

  const renderValue = (v: Json, path: string, indent: string): string => {
    if (isPrimitive(v)) return JSON.stringify(v);
    const inner = indent + '  ';
    const lines: string[] = [];
    if (Array.isArray(v)) {
      if (v.length === 0)
        return ann.inner.has(path)
          ? `[\n${ann.inner
              .get(path)!
              .map((c) => inner + c)
              .join('\n')}\n${indent}]`
          : '[]';
      const paths = v.map((_, n) => `${path}/${n}`);
      if (v.every(isPrimitive) && !paths.some(hasComments) && !ann.inner.has(path))
        return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      v.forEach((item, n) => {
        const child = paths[n]!;
        if (n > 0 && ann.blankBefore.has(child)) lines.push('');
        for (const c of ann.leading.get(child) ?? []) lines.push(inner + c);
        lines.push(`${inner}${renderValue(item, child, inner)}${n < v.length - 1 ? ',' : ''}${trailing(child)}`);
      });
      for (const c of ann.inner.get(path) ?? []) lines.push(inner + c);
      return `[\n${lines.join('\n')}\n${indent}]`;
    }
    const obj = v as { [key: string]: Json };
    const sourceKeys = ann.order.get(path) ?? [];
    const keys = [
      ...sourceKeys.filter((k) => k in obj || opts.omitted?.(`${path}/${escapeKey(k)}`, k) != null),
      ...Object.keys(obj).filter((k) => !sourceKeys.includes(k)),
    ];
    const present = keys.filter((k) => k in obj);
    const childPath = (k: string): string => `${path}/${escapeKey(k)}`;
    const omittedKeys = keys.filter((k) => !(k in obj));
    if (present.length === 0 && omittedKeys.length === 0 && !ann.inner.has(path)) return '{}';
    if (omittedKeys.length === 0 && present.every((k) => isPrimitive(obj[k]!) && !hasComments(childPath(k))) && !ann.inner.has(path)) {
      return `{ ${present.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(obj[k])}`).join(', ')} }`;
    }
    const last = present[present.length - 1];
    keys.forEach((k, n) => {
      const child = childPath(k);
      if (n > 0 && ann.blankBefore.has(child)) lines.push('');
      for (const c of ann.leading.get(child) ?? []) lines.push(inner + c);
      if (!(k in obj)) {
        lines.push(`${inner}// ${opts.omitted!(child, k)!}`);
        return;
      }
      lines.push(`${inner}${JSON.stringify(k)}: ${renderValue(obj[k]!, child, inner)}${k === last ? '' : ','}${trailing(child)}`);
    });
    for (const c of ann.inner.get(path) ?? []) lines.push(inner + c);
    return `{\n${lines.join('\n')}\n${indent}}`;
  };

  const header = opts.header ?? ann.header;
  return `${header.map((c) => `${c}\n`).join('')}${renderValue(value, '', '')}\n`;
}
