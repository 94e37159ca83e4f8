/**
 * Tiny route registry: product modules (Sync today; Messaging, Serverless, Studio,
 * Monitor later) push `{method, pattern, host?, spec?, handler}` entries into it.
 */
import type { Route } from './types';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(route: Route): this {
    this.compiled.push({ route, segments: splitPath(route.pattern) });
    return this;
  }

  addAll(routes: readonly Route[]): this {
    for (const r of routes) this.add(r);
    return this;
  }

  get routes(): readonly Route[] {
    return this.compiled.map((c) => c.route);
  }

  /**
   * Finds the route for `method` + raw `path`. When `host` is known, routes bound to
   * another host are skipped; without it, routing is by path only (first match wins).
   * Returns `'method'` when the path matches but no route has this method.
   */
  match(method: string, path: string, host: string | undefined): RouteMatch | 'method' | undefined {
    const parts = splitPath(path);
    let pathMatched = false;
    for (const { route, segments } of this.compiled) {
      if (host !== undefined && route.host !== undefined && route.host !== host) continue;
      const params = matchSegments(segments, parts);
      if (params === undefined) continue;
      pathMatched = true;
      if (route.method.toUpperCase() === method.toUpperCase()) return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      // `:Sid.json` matches `AC123.json` (v2010 paths carry the extension in the last segment).
      const dot = p.indexOf('.');
      const name = dot > 0 ? p.slice(1, dot) : p.slice(1);
      const suffix = dot > 0 ? p.slice(dot) : '';
      if (suffix && !v.endsWith(suffix)) return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(suffix ? v.slice(0, -suffix.length) : v);
      } catch {
        return undefined;
      }
      if (decoded === '') return undefined;
      params[name] = decoded;
    } else if (p !== v) {
      return undefined;
    }
  }
  return params;
}
