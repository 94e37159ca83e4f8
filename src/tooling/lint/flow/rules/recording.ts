/**
 * FLOW-RECORDING (warn): recording and transcription are acceptable only with safeguards the flow
 * cannot show: Record Voicemail, Record Call (start), Connect Call To / Make Outgoing Call /
 * Enqueue Call with `record` on, and transcription (`transcribe` on or a transcription callback).
 */
import type { FlowDefinition, FlowRule, LintRuleMeta } from '../../types';
import { flowFinding, pointer, propPointer, propString, propTrue } from '../walk';
import type { ConditionalHit } from './conditional';

export const RECORDING_CONDITION =
  'recording is acceptable only with HTTP auth enforced on recording URLs (Voice settings) and recordings deleted when no longer needed';
export const TRANSCRIPTION_CONDITION =
  'transcription is acceptable only with Twilio transcription covered by the BAA (Marketplace transcription add-ons are not eligible) and HTTP auth on recording URLs';

export const meta: LintRuleMeta = {
  id: 'FLOW-RECORDING',
  title: 'Recording and transcription widgets are reviewed',
  severity: 'warn',
  source:
    'S4 (recordings need HTTP auth; Marketplace add-ons not eligible); studio-and-optout A3 (warn: record-voicemail, record-call, record:true); issue 5 flow linter',
  remediation: `Keep the widget only if ${RECORDING_CONDITION}, and ${TRANSCRIPTION_CONDITION}; otherwise remove recording and transcription from the flow.`,
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    recording: `{{widget}}: ${RECORDING_CONDITION}`,
    recordOn: `{{widget}} with record on: ${RECORDING_CONDITION}`,
    transcription: `{{widget}}: ${TRANSCRIPTION_CONDITION}`,
  },
};

const RECORDABLE = new Set(['connect-call-to', 'make-outgoing-call-v1', 'make-outgoing-call-v2', 'enqueue-call']);

export function detect(flow: FlowDefinition): ConditionalHit[] {
  const hits: ConditionalHit[] = [];
  flow.states.forEach((state, index) => {
    const recordCall = state.type === 'record-call' && !/^\s*false\s*$/i.test(propString(state, 'record_call') ?? '');
    if (state.type === 'record-voicemail' || recordCall) {
      hits.push({ state, index, pointer: pointer('states', index, 'type'), message: `${state.type}: ${RECORDING_CONDITION}` });
    } else if (RECORDABLE.has(state.type) && propTrue(state, 'record')) {
      hits.push({ state, index, pointer: propPointer(index, 'record'), message: `${state.type} with record on: ${RECORDING_CONDITION}` });
    }
    const callback = Object.entries(state.properties).find(
      ([k, v]) => /^transcri/i.test(k) && k !== 'transcribe' && typeof v === 'string' && v.trim() !== '',
    );
    if (propTrue(state, 'transcribe') || callback) {
      hits.push({
        state,
        index,
        pointer: propPointer(index, propTrue(state, 'transcribe') ? 'transcribe' : (callback?.[0] ?? '')),
        message: `${state.type}: ${TRANSCRIPTION_CONDITION}`,
      });
    }
  });
  return hits;
}

export const rule: FlowRule = { meta, check: (flow) => detect(flow).map((h) => flowFinding(meta, h.state, h.pointer, h.message)) };
