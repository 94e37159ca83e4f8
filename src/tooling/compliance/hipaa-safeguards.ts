/**
 * The HIPAA Security Rule (45 CFR Part 164, Subpart C) sections a control may cite: a closed list
 * of real section numbers with their names as the regulation gives them. Every preflight rule and
 * runtime control names at least one (checked by test/preflight/report-safeguards.test.ts), and an
 * unknown number is refused, so a typo cannot invent a safeguard.
 *
 * A passing preflight is evidence for these safeguards, not a certification of compliance: most of
 * the Security Rule (risk analysis, policies, workforce, facilities) is outside what any tool can see.
 */

export type SafeguardKind = 'administrative' | 'physical' | 'technical' | 'organizational' | 'documentation';

export interface Safeguard {
  /** The citation under 45 CFR, e.g. `164.312(e)(1)`. */
  section: string;
  name: string;
  kind: SafeguardKind;
}

const A = 'administrative' as const;
const P = 'physical' as const;
const T = 'technical' as const;

export const SAFEGUARDS = {
  '164.308(a)(1)(i)': { name: 'Security management process', kind: A },
  '164.308(a)(1)(ii)(A)': { name: 'Risk analysis', kind: A },
  '164.308(a)(1)(ii)(B)': { name: 'Risk management', kind: A },
  '164.308(a)(1)(ii)(C)': { name: 'Sanction policy', kind: A },
  '164.308(a)(1)(ii)(D)': { name: 'Information system activity review', kind: A },
  '164.308(a)(2)': { name: 'Assigned security responsibility', kind: A },
  '164.308(a)(3)(i)': { name: 'Workforce security', kind: A },
  '164.308(a)(4)(i)': { name: 'Information access management', kind: A },
  '164.308(a)(4)(ii)(B)': { name: 'Access authorization', kind: A },
  '164.308(a)(5)(i)': { name: 'Security awareness and training', kind: A },
  '164.308(a)(5)(ii)(C)': { name: 'Log-in monitoring', kind: A },
  '164.308(a)(6)(i)': { name: 'Security incident procedures', kind: A },
  '164.308(a)(6)(ii)': { name: 'Response and reporting', kind: A },
  '164.308(a)(7)(i)': { name: 'Contingency plan', kind: A },
  '164.308(a)(7)(ii)(A)': { name: 'Data backup plan', kind: A },
  '164.308(a)(8)': { name: 'Evaluation', kind: A },
  '164.308(b)(1)': { name: 'Business associate contracts and other arrangements', kind: A },
  '164.310(a)(1)': { name: 'Facility access controls', kind: P },
  '164.310(b)': { name: 'Workstation use', kind: P },
  '164.310(c)': { name: 'Workstation security', kind: P },
  '164.310(d)(1)': { name: 'Device and media controls', kind: P },
  '164.310(d)(2)(i)': { name: 'Disposal', kind: P },
  '164.312(a)(1)': { name: 'Access control', kind: T },
  '164.312(a)(2)(i)': { name: 'Unique user identification', kind: T },
  '164.312(a)(2)(iv)': { name: 'Encryption and decryption', kind: T },
  '164.312(b)': { name: 'Audit controls', kind: T },
  '164.312(c)(1)': { name: 'Integrity', kind: T },
  '164.312(c)(2)': { name: 'Mechanism to authenticate electronic protected health information', kind: T },
  '164.312(d)': { name: 'Person or entity authentication', kind: T },
  '164.312(e)(1)': { name: 'Transmission security', kind: T },
  '164.312(e)(2)(i)': { name: 'Integrity controls', kind: T },
  '164.312(e)(2)(ii)': { name: 'Encryption', kind: T },
  '164.314(a)(1)': { name: 'Business associate contracts or other arrangements', kind: 'organizational' },
  '164.316(a)': { name: 'Policies and procedures', kind: 'documentation' },
  '164.316(b)(1)': { name: 'Documentation', kind: 'documentation' },
} as const satisfies Record<string, Omit<Safeguard, 'section'>>;

export type SafeguardId = keyof typeof SAFEGUARDS;

/** The plain statement every output carries next to the mapping. */
export const EVIDENCE_NOT_CERTIFICATION =
  'A passing preflight is evidence for the HIPAA Security Rule safeguards cited, not a certification of HIPAA compliance: risk analysis, policies, workforce and facility safeguards are outside what this tool can check.';

export class UnknownSafeguardError extends Error {}

export function isSafeguardId(section: string): section is SafeguardId {
  return Object.prototype.hasOwnProperty.call(SAFEGUARDS, section);
}

/** The safeguard for a section number; an unknown number throws (never a guessed name). */
export function safeguard(section: string): Safeguard {
  if (!isSafeguardId(section)) throw new UnknownSafeguardError('not a HIPAA Security Rule section in the closed list');
  return { section, ...SAFEGUARDS[section] };
}

/** `45 CFR 164.312(e)(1) Transmission security`. */
export function citation(section: SafeguardId): string {
  return `45 CFR ${section} ${SAFEGUARDS[section].name}`;
}

/**
 * Sections in regulation order (164.308 before 164.310 …; within one, the catalog's order),
 * deduplicated. An unknown section throws: a citation is never dropped silently.
 */
export function sortSections(sections: Iterable<string>): SafeguardId[] {
  const order = Object.keys(SAFEGUARDS);
  return [...new Set(sections)].map((s) => safeguard(s).section as SafeguardId).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
