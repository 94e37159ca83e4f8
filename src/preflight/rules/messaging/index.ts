/** The messaging rule group: one module per rule, listed here. */
import type { Rule } from '../../types';

export const MESSAGING_RULES: readonly Rule[] = [];
