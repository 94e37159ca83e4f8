/**
 * The two labelled message sets the linter is measured on, read from the repository:
 * - the tuning corpus (test/lint/message/corpus.json): the lexicon was tuned against it, so its
 *   figures are optimistic;
 * - the blind set (test/lint/blind/messages.blind.json): written before anyone read the lexicon or
 *   its misses, locked by a content hash, and never to be used for tuning (test/lint/blind).
 * Both are parsed strictly: a malformed set throws, it never evaluates as an empty (perfect) set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledMessage } from './evaluate';

export const TUNING_CORPUS_PATH = 'test/lint/message/corpus.json';
export const BLIND_SET_PATH = 'test/lint/blind/messages.blind.json';

export class LabelledSetError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** corpus.json: `[{ text, phiFree, note }]`; the note is the id. */
export function parseTuningCorpus(json: unknown): LabelledMessage[] {
  if (!Array.isArray(json) || json.length === 0) throw new LabelledSetError('the tuning corpus must be a non-empty array');
  return json.map((item, i) => {
    if (!isRecord(item) || typeof item.text !== 'string' || typeof item.phiFree !== 'boolean' || typeof item.note !== 'string') {
      throw new LabelledSetError(`tuning corpus item ${i} must have text, phiFree and note`);
    }
    return { id: item.note, text: item.text, flag: !item.phiFree };
  });
}

export interface BlindMessage {
  id: string;
  channel: 'sms' | 'voice';
  text: string;
  expected: 'flag' | 'clean';
  reason: string;
  tags: string[];
}

/** messages.blind.json: `{ header, messages: [{ id, channel, text, expected, reason, tags }] }`. */
export function parseBlindSet(json: unknown): BlindMessage[] {
  if (!isRecord(json) || !isRecord(json.header) || !Array.isArray(json.messages) || json.messages.length === 0) {
    throw new LabelledSetError('the blind set must have a header and a non-empty messages array');
  }
  return json.messages.map((m, i) => {
    if (
      !isRecord(m) ||
      typeof m.id !== 'string' ||
      (m.channel !== 'sms' && m.channel !== 'voice') ||
      typeof m.text !== 'string' ||
      (m.expected !== 'flag' && m.expected !== 'clean') ||
      typeof m.reason !== 'string' ||
      !Array.isArray(m.tags) ||
      !m.tags.every((t) => typeof t === 'string')
    ) {
      throw new LabelledSetError(`blind set message ${i} must have id, channel, text, expected (flag|clean), reason and tags`);
    }
    return { id: m.id, channel: m.channel, text: m.text, expected: m.expected, reason: m.reason, tags: m.tags as string[] };
  });
}

/**
 * A message compared across sets: accents, case, punctuation and spacing dropped, so a copy with a
 * changed comma or capital is still the same message.
 */
export function normaliseMessage(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Ids of blind messages whose normalised text is also in the tuning corpus. */
export function blindOverlap(blind: readonly BlindMessage[], tuning: readonly LabelledMessage[]): string[] {
  const tuned = new Set(tuning.map((t) => normaliseMessage(t.text)));
  return blind.filter((m) => tuned.has(normaliseMessage(m.text))).map((m) => m.id);
}

/**
 * The blind set as a labelled set, without the messages the tuning corpus also holds: the lexicon
 * was tuned on those, so they are not blind and would flatter the figures.
 */
export function blindAsLabelled(messages: readonly BlindMessage[], tuning: readonly LabelledMessage[]): LabelledMessage[] {
  const overlap = new Set(blindOverlap(messages, tuning));
  return messages.filter((m) => !overlap.has(m.id)).map((m) => ({ id: m.id, text: m.text, flag: m.expected === 'flag' }));
}

function readJson(root: string, path: string): unknown {
  try {
    return JSON.parse(readFileSync(join(root, path), 'utf8')) as unknown;
  } catch {
    throw new LabelledSetError(`${path} cannot be read as JSON`);
  }
}

export function readTuningCorpus(root: string): LabelledMessage[] {
  return parseTuningCorpus(readJson(root, TUNING_CORPUS_PATH));
}

export function readBlindSet(root: string): BlindMessage[] {
  return parseBlindSet(readJson(root, BLIND_SET_PATH));
}
