/** Account designation, edition and attestation-only rules. */
import type { Rule } from '../../types';
import { rule as fullActive } from './account-full-active';
import { rule as designated } from './account-hipaa-designated';
import { rule as baa } from './attest-baa';
import { rule as noPhiTickets } from './attest-no-phi-support-tickets';
import { rule as staffTraining } from './attest-staff-training';
import { rule as staticProxy } from './attest-static-proxy';

export const ACCOUNT_RULES: readonly Rule[] = [designated, fullActive, baa, staffTraining, staticProxy, noPhiTickets];
