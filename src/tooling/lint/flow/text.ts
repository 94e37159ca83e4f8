/**
 * The human-readable text of a flow: what a patient reads or hears (message bodies, spoken prompts,
 * greetings). The text rules run the message linter over exactly these properties.
 */
import type { FlowDefinition, FlowState } from '../types';
import { propPointer, statesOf } from './walk';

/** Properties spoken or shown by any widget. */
const SPOKEN = new Set(['say', 'welcome_greeting']);
/** Widgets whose `body` is a message to the patient (a Make HTTP Request body is data, not text). */
const MESSAGE_WIDGETS = new Set(['send-message', 'send-and-wait-for-reply']);

export function isTextProperty(state: FlowState, property: string): boolean {
  return SPOKEN.has(property) || (property === 'body' && MESSAGE_WIDGETS.has(state.type));
}

export interface TextProperty {
  state: FlowState;
  index: number;
  property: string;
  text: string;
  pointer: string;
}

export function textProperties(flow: FlowDefinition): TextProperty[] {
  return statesOf(flow).flatMap(({ state, index }) =>
    Object.entries(state.properties)
      .filter(([property, value]) => typeof value === 'string' && value.trim() !== '' && isTextProperty(state, property))
      .map(([property, value]) => ({ state, index, property, text: value as string, pointer: propPointer(index, property) })),
  );
}
