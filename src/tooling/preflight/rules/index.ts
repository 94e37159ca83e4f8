/** Every preflight rule. Each group lists its own modules; ids must be unique (tested). */
import type { Rule } from '../types';
import { ACCOUNT_RULES } from './account';
import { MESSAGING_RULES } from './messaging';
import { MONITOR_RULES } from './monitor';
import { PLATFORM_RULES } from './platform';
import { PROJECT_RULES } from './project';
import { VOICE_RULES } from './voice';

export const ALL_RULES: readonly Rule[] = [
  ...PROJECT_RULES,
  ...ACCOUNT_RULES,
  ...MESSAGING_RULES,
  ...VOICE_RULES,
  ...PLATFORM_RULES,
  ...MONITOR_RULES,
];
