/**
 * Form / path parameter readers shared by the route modules.
 */
import { TwilioHttpError } from './errors';
import type { FakeRequest } from './types';

export function optInt(form: URLSearchParams, name: string): number | undefined {
  const raw = form.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw new TwilioHttpError(400, 20001, `Invalid parameter ${name}`);
  return Number(raw);
}

export function optBool(form: URLSearchParams, name: string): boolean | undefined {
  const raw = form.get(name);
  if (raw === null) return undefined;
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  throw new TwilioHttpError(400, 20001, `Invalid parameter ${name}`);
}

export function opt(form: URLSearchParams, name: string): string | undefined {
  return form.get(name) ?? undefined;
}

export function param(req: FakeRequest, name: string): string {
  const v = req.params[name];
  if (v === undefined) throw new TwilioHttpError(500, 20500, `route parameter ${name} missing`);
  return v;
}
