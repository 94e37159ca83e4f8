/** `npm run -s flows` arguments, validated with ajv; errors name the flag, never echo values. */
import Ajv from 'ajv';
import { usageError } from './errors';

export interface FlowsArgs {
  command: 'render' | 'deploy' | 'purge';
  /** render: output directory (project-relative or absolute), default dist/flows. */
  out: string;
  environment?: string;
  local: boolean;
  port: number;
  flow?: string;
  status: 'draft' | 'published';
  /** purge: most ended executions deleted per flow in one run. */
  max: number;
}

export const USAGE = `usage: npm run -s flows -- render [--out DIR] [--environment NAME] [--local [--port N]] [--flow NAME]
       npm run -s flows -- deploy [--environment NAME] [--status draft|published] [--flow NAME]
       npm run -s flows -- purge [--flow NAME] [--max N]
       npm run -s flows -- [render|deploy|purge] --help
render: fills the templates in flows/ for the deployed Functions (.twiliodeployinfo + the Serverless API)
        and writes DIR/<name>.json (default dist/flows); --local targets http://localhost:PORT (default 3000)
        with dummy SIDs, for trying flows locally only (never import it into Studio).
deploy: renders, lints, checks each flow with Studio's FlowValidate, then creates or updates the flows
        "HIPAA-safe: <name>" (default --status published).
purge:  deletes ended executions (their context and steps hold message bodies and numbers) of those
        flows, at most N per flow (default 200); active executions are never touched. Run it on a schedule.
exit codes: 0 ok, 1 a flow could not be rendered, validated or deployed, 2 usage, credentials or deployment info`;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['command', 'out', 'local', 'port', 'status', 'max'],
  properties: {
    command: { enum: ['render', 'deploy', 'purge'] },
    out: { type: 'string', minLength: 1 },
    environment: { type: 'string', minLength: 1, maxLength: 200 },
    local: { type: 'boolean' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    flow: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    status: { enum: ['draft', 'published'] },
    max: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

const validate = new Ajv().compile<FlowsArgs>(schema);
const FLAGS: Record<FlowsArgs['command'], { values: Set<string>; booleans: Set<string> }> = {
  render: { values: new Set(['out', 'environment', 'port', 'flow']), booleans: new Set(['local']) },
  deploy: { values: new Set(['environment', 'status', 'flow']), booleans: new Set() },
  purge: { values: new Set(['flow', 'max']), booleans: new Set() },
};

/** `--help` or `-h` anywhere (with or without a command): print the usage and exit 0. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

export function parseFlowsArgs(argv: readonly string[]): FlowsArgs {
  const [command, ...rest] = argv;
  if (command !== 'render' && command !== 'deploy' && command !== 'purge') throw usageError(command === undefined ? 'missing command (render, deploy or purge)' : 'unknown command');
  const args: Record<string, unknown> = { command, out: 'dist/flows', local: false, port: 3000, status: 'published', max: 200 };
  const seen = new Set<string>();
  const { values, booleans } = FLAGS[command];
  for (let i = 0; i < rest.length; i += 1) {
    const raw = rest[i] ?? '';
    const [flag, inline] = raw.startsWith('--') ? raw.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (flag === undefined || (!values.has(flag) && !booleans.has(flag))) throw usageError(`unknown argument for ${command}`);
    if (seen.has(flag)) throw usageError(`--${flag} given twice`);
    seen.add(flag);
    if (booleans.has(flag)) {
      if (inline !== undefined) throw usageError(`--${flag} takes no value`);
      args[flag] = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) throw usageError(`--${flag} needs a value`);
    args[flag] = flag === 'port' || flag === 'max' ? (/^[0-9]{1,5}$/.test(value) ? Number(value) : NaN) : value;
  }
  if (!validate(args)) {
    const e = validate.errors?.[0];
    throw usageError(`invalid --${(e?.instancePath ?? '').slice(1) || 'arguments'}`);
  }
  if (args.local && args.environment !== undefined) throw usageError('--local and --environment exclude each other');
  if (seen.has('port') && !args.local) throw usageError('--port only goes with --local');
  return args;
}
