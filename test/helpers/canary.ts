/**
 * Canary PHI: values planted in test inputs that must never appear in any output
 * (console, logs, HTTP responses, CLI output, server stdout/stderr).
 */
export const CANARY_PHONE = '+12025550147';
export const CANARY_PHONE_DIGITS = '2025550147';
export const CANARY_NAME = 'Zebulon Quixote';
export const CANARY_BODY = 'CANARY-PHI my diabetes insulin refill for Zebulon Quixote';

/** Every string that counts as leaked PHI if found in output. */
export const CANARIES: readonly string[] = [CANARY_PHONE, CANARY_PHONE_DIGITS, CANARY_NAME, 'CANARY-PHI', 'Zebulon'];

export function findCanary(text: string): string | undefined {
  return CANARIES.find((c) => text.includes(c));
}

export function assertNoCanary(text: string, where: string): void {
  const hit = findCanary(text);
  if (hit !== undefined) {
    throw new Error(`canary PHI found in ${where}`);
  }
}
