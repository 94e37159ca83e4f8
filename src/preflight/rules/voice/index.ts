/** The voice rule group: one module per rule, listed here. */
import type { Rule } from '../../types';

export const VOICE_RULES: readonly Rule[] = [];
