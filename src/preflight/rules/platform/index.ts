/** The platform rule group: one module per rule, listed here. */
import type { Rule } from '../../types';

export const PLATFORM_RULES: readonly Rule[] = [];
