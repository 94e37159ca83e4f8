/**
 * The shape of one resource kind (src/tooling/sid/kinds/*): the SID prefixes it answers for, the lookup
 * (fetch through the SDK, then a pure `to…View` that keeps only ticket-safe fields), its text
 * lines and its ticket-snippet fields (SIDs, codes, enum words and timestamps only).
 */
import type { LookupContext } from './lookup';

/** A ticket-snippet value: a SID, a code, a lower-case enum word or an ISO timestamp. */
export type SnippetValue = string | number | null;

export interface KindModule<V extends { kind: string; sid: string }> {
  kind: V['kind'];
  /** e.g. `Message`, shown as the section title. */
  title: string;
  prefixes: readonly string[];
  lookup(ctx: LookupContext, sid: string): Promise<V>;
  /** Text output: label → value lines. */
  lines(view: V): [string, string][];
  /** Ticket snippet fields after the SID: `status=undelivered error=30003 created=…`. */
  snippet(view: V): [string, SnippetValue][];
}

/** "-" for a missing value in text output. */
export const show = (v: string | number | boolean | null | undefined): string =>
  v === null || v === undefined ? '-' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
