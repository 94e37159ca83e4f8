/**
 * FW: a Studio Flow. Status, revision, validity, dates and the number of widgets. Flow names and
 * commit messages are free text, so only the toolkit's own forms are shown (`HIPAA-safe: <name>`,
 * `<name> v<version> (<sha>)`, as `npm run -s flows -- deploy` writes them); others are reported
 * as custom and not printed. Never the definition.
 */
import { show, type KindModule } from '../kind';
import { fetchOne } from '../lookup';
import { bool, int, iso, word } from '../present';
import { widgetTypesOf } from './studio-common';

export interface StudioFlowView {
  kind: 'studio-flow';
  sid: string;
  /** The toolkit's name (`HIPAA-safe: …`), else null (a custom name, not shown). */
  name: string | null;
  customName: boolean;
  status: string | null;
  revision: number | null;
  valid: boolean | null;
  /** The toolkit's commit message, else null. */
  commitMessage: string | null;
  customCommitMessage: boolean;
  widgets: number;
  dateCreated: string | null;
  dateUpdated: string | null;
}

const TOOLKIT_NAME = /^HIPAA-safe: [a-z0-9-]{1,64}$/;
const TOOLKIT_COMMIT = /^[a-z0-9-]{1,64} v\d{1,4}(\.\d{1,4}){0,3}( \([0-9a-f]{7,40}\))?$/;

export interface FlowRecord {
  friendlyName?: unknown;
  status?: unknown;
  revision?: unknown;
  valid?: unknown;
  commitMessage?: unknown;
  definition?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toFlowView(flowSid: string, f: FlowRecord): StudioFlowView {
  const name = typeof f.friendlyName === 'string' && TOOLKIT_NAME.test(f.friendlyName) ? f.friendlyName : null;
  const commit = typeof f.commitMessage === 'string' && TOOLKIT_COMMIT.test(f.commitMessage) ? f.commitMessage : null;
  return {
    kind: 'studio-flow',
    sid: flowSid,
    name,
    customName: name === null && typeof f.friendlyName === 'string' && f.friendlyName !== '',
    status: word(f.status),
    revision: int(f.revision),
    valid: bool(f.valid),
    commitMessage: commit,
    customCommitMessage: commit === null && typeof f.commitMessage === 'string' && f.commitMessage !== '',
    widgets: widgetTypesOf(f.definition).size,
    dateCreated: iso(f.dateCreated),
    dateUpdated: iso(f.dateUpdated),
  };
}

export const studioFlowKind: KindModule<StudioFlowView> = {
  kind: 'studio-flow',
  title: 'Studio flow',
  prefixes: ['FW'],
  async lookup(ctx, flowSid) {
    const f = await fetchOne(() => ctx.client.studio.v2.flows(flowSid).fetch(), 'fetching the flow');
    return toFlowView(flowSid, f);
  },
  lines: (v) => [
    ['name', v.name ?? (v.customName ? '(custom name, not shown)' : '-')],
    ['status', show(v.status)],
    ['revision', show(v.revision)],
    ['valid', show(v.valid)],
    ['commit message', v.commitMessage ?? (v.customCommitMessage ? '(custom text, not shown)' : '-')],
    ['widgets', String(v.widgets)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['updated', v.dateUpdated],
  ],
};
