/** The Monitor rule group: one module per rule, listed here (shared reads in alerts-data.ts). */
import type { Rule } from '../../types';
import { rule as redactionConflicts } from './redaction-conflict-alerts';
import { rule as retentionRejected } from './retention-rejected-alerts';

export const MONITOR_RULES: readonly Rule[] = [redactionConflicts, retentionRejected];
