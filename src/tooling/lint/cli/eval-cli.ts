/**
 * `npm run -s lint:eval`: precision and recall of the message linter ("not PHI-free" is the
 * positive class, lintMessage with default options) on the tuning corpus and on the blind set,
 * reported separately. The tuning corpus figures are optimistic (the lexicon was tuned on it); the
 * blind set's are the honest ones. Misses are listed by note (tuning corpus) or id (blind set),
 * never by text. Exit 0 when both sets were evaluated, 2 on usage or an unreadable set or lexicon.
 */
import { parseArgs } from 'node:util';
import { evaluateLinter, formatRatio, type Evaluation } from '../message/evaluate';
import { getLexicon } from '../message/index';
import {
  BLIND_SET_PATH,
  blindAsLabelled,
  LabelledSetError,
  readBlindSet,
  readTuningCorpus,
  TUNING_CORPUS_PATH,
} from '../message/labelled-sets';
import type { CliIo } from './io';

export const EVAL_USAGE = `usage: npm run -s lint:eval [-- --format text|json|markdown] [--misses] [--blind-misses]
  precision and recall of the message linter on the tuning corpus (${TUNING_CORPUS_PATH})
  and, separately, on the blind set (${BLIND_SET_PATH})
  --format markdown   the table lexicon/README.md quotes (a test checks it is current)
  --misses            list the tuning corpus misses by note
  --blind-misses      list the blind set misses by id (read them to report, never to tune the lexicon)
exit codes: 0 evaluated, 2 usage error or a set or the lexicon cannot be read`;

class UsageError extends Error {}

interface EvalArgs {
  format: 'text' | 'json' | 'markdown';
  misses: boolean;
  blindMisses: boolean;
  help: boolean;
}

function parse(argv: readonly string[]): EvalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        format: { type: 'string' },
        misses: { type: 'boolean' },
        'blind-misses': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch {
    throw new UsageError('unknown option, missing option value or unexpected argument');
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError('--format must be text, json or markdown');
  return { format, misses: values.misses === true, blindMisses: values['blind-misses'] === true, help: values.help === true };
}

export interface SetEvaluation {
  name: 'tuning corpus' | 'blind set';
  path: string;
  flag: number;
  clean: number;
  evaluation: Evaluation;
  /** Blind messages left out because the tuning corpus holds the same text (not blind). */
  excluded?: number;
}

export function evaluateSets(root: string): { tuning: SetEvaluation; blind: SetEvaluation } {
  const corpus = readTuningCorpus(root);
  const blindMessages = readBlindSet(root);
  const blind = blindAsLabelled(blindMessages, corpus);
  const summary = (name: SetEvaluation['name'], path: string, items: typeof corpus): SetEvaluation => ({
    name,
    path,
    flag: items.filter((i) => i.flag).length,
    clean: items.filter((i) => !i.flag).length,
    evaluation: evaluateLinter(items),
  });
  return {
    tuning: summary('tuning corpus', TUNING_CORPUS_PATH, corpus),
    blind: { ...summary('blind set', BLIND_SET_PATH, blind), excluded: blindMessages.length - blind.length },
  };
}

/** Rule id → number of false positives it took part in. */
export function falsePositivesByRule(e: Evaluation): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of e.misses) if (m.kind === 'false positive') for (const r of m.rules) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The block lexicon/README.md quotes between its lint-eval markers. */
export function renderMarkdown(sets: { tuning: SetEvaluation; blind: SetEvaluation }): string {
  const row = (s: SetEvaluation): string => {
    const e = s.evaluation;
    return `| ${s.name} (\`${s.path}\`) | ${e.total} | ${s.flag} / ${s.clean} | ${formatRatio(e.precision)} | ${formatRatio(e.recall)} | ${e.truePositives} | ${e.falsePositives} | ${e.falseNegatives} | ${e.trueNegatives} |`;
  };
  const byRule = (s: SetEvaluation): string =>
    falsePositivesByRule(s.evaluation)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ') || 'none';
  return [
    '| Set | Messages | Flag / clean | Precision | Recall | TP | FP | FN | TN |',
    '|---|---|---|---|---|---|---|---|---|',
    row(sets.tuning),
    row(sets.blind),
    '',
    `The blind set leaves out ${sets.blind.excluded ?? 0} of its messages that the tuning corpus also holds (written independently, but the lexicon was tuned on them).`,
    `False positives by rule (a message can count for several): tuning corpus: ${byRule(sets.tuning)}; blind set: ${byRule(sets.blind)}.`,
  ].join('\n');
}

function renderText(sets: { tuning: SetEvaluation; blind: SetEvaluation }, args: EvalArgs): string {
  const lines = ['message linter: positive class "not PHI-free" (lintMessage, default options)'];
  for (const s of [sets.tuning, sets.blind]) {
    const e = s.evaluation;
    lines.push(
      `${s.name.padEnd(14)} ${String(e.total).padStart(4)} messages (${s.flag} flag / ${s.clean} clean)  precision ${formatRatio(e.precision)}  recall ${formatRatio(e.recall)}  tp ${e.truePositives} fp ${e.falsePositives} fn ${e.falseNegatives} tn ${e.trueNegatives}`,
    );
  }
  lines.push(`blind set: ${sets.blind.excluded ?? 0} messages left out because the tuning corpus holds the same text`);
  lines.push('the tuning corpus figures are optimistic: the lexicon was tuned on it; the blind set was never used for tuning');
  const list = (s: SetEvaluation): void => {
    for (const m of s.evaluation.misses)
      lines.push(`  ${s.name}: ${m.kind}: ${m.id}${m.rules.length > 0 ? ` (${m.rules.join(', ')})` : ''}`);
  };
  if (args.misses) list(sets.tuning);
  if (args.blindMisses) {
    lines.push('blind set misses: for reporting only; do not tune the lexicon against them (that spends the blind set)');
    list(sets.blind);
  }
  return lines.join('\n');
}

export function runEvalCli(argv: readonly string[], io: CliIo): number {
  let args: EvalArgs;
  try {
    args = parse(argv);
  } catch (e) {
    io.err(`${e instanceof UsageError ? e.message : 'invalid usage'}\n${EVAL_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(EVAL_USAGE);
    return 0;
  }
  let sets: { tuning: SetEvaluation; blind: SetEvaluation };
  try {
    getLexicon();
    sets = evaluateSets(io.root);
  } catch (e) {
    io.err(e instanceof LabelledSetError ? e.message : e instanceof Error ? e.message : 'the linter could not be evaluated');
    return 2;
  }
  if (args.format === 'markdown') io.out(renderMarkdown(sets));
  else if (args.format === 'json') {
    const strip = (s: SetEvaluation): object => ({
      ...s,
      evaluation: {
        ...s.evaluation,
        misses: args.misses || (args.blindMisses && s.name === 'blind set') ? s.evaluation.misses : undefined,
      },
    });
    io.out(JSON.stringify({ tuning: strip(sets.tuning), blind: strip(sets.blind) }, null, 2));
  } else io.out(renderText(sets, args));
  return 0;
}
