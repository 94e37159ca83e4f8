/** `npm run -s flows` arguments, validated with ajv; errors name the flag, never echo values. */
import Ajv from 'ajv';
import { parseCommandLine, UsageError, wantsHelp as helpWanted, type FlagSpecs } from '../cli/args';

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
const flow = { kind: 'string', valueName: 'NAME', description: 'only this flow (a template name in flows/)' } as const;
const environment = { kind: 'string', valueName: 'NAME', description: 'the deployed environment (domain suffix) to call' } as const;

/** Each flows subcommand's flags, declared once (npm run flows and `twilio hipaa:flows`). */
export const FLOWS_FLAGS = {
  render: {
    out: { kind: 'string', default: 'dist/flows', valueName: 'DIR', description: 'output directory (default dist/flows)' },
    environment,
    local: { kind: 'boolean', description: 'target http://localhost:PORT with dummy SIDs (local trials only)' },
    port: {
      kind: 'integer',
      min: 1,
      max: 65535,
      default: 3000,
      valueName: 'N',
      description: 'with --local: the local port (default 3000)',
    },
    flow,
  },
  deploy: {
    environment,
    status: { kind: 'string', choices: ['draft', 'published'], default: 'published', description: 'the Studio revision status' },
    flow,
  },
  purge: {
    flow,
    max: {
      kind: 'integer',
      min: 1,
      max: 1000,
      default: 200,
      valueName: 'N',
      description: 'most ended executions deleted per flow (default 200)',
    },
  },
} as const satisfies Record<FlowsArgs['command'], FlagSpecs>;

/** `--help` or `-h` anywhere (with or without a command): print the usage and exit 0. */
export const wantsHelp = helpWanted;

export function isFlowsCommand(word: string | undefined): word is FlowsArgs['command'] {
  return word === 'render' || word === 'deploy' || word === 'purge';
}

/** The typed arguments from a subcommand's checked flag values (npm script and plugin). */
export function flowsArgsFrom(command: FlowsArgs['command'], values: Record<string, unknown>, given: ReadonlySet<string>): FlowsArgs {
  const args: Record<string, unknown> = { command, out: 'dist/flows', local: false, port: 3000, status: 'published', max: 200 };
  for (const [k, v] of Object.entries(values)) if (v !== undefined) args[k] = v;
  if (!validate(args)) {
    const e = validate.errors?.[0];
    throw new UsageError(`invalid --${(e?.instancePath ?? '').slice(1) || 'arguments'}`);
  }
  if (args.local && args.environment !== undefined) throw new UsageError('--local and --environment exclude each other');
  if (given.has('port') && !args.local) throw new UsageError('--port only goes with --local');
  return args;
}

export function parseFlowsArgs(argv: readonly string[]): FlowsArgs {
  const [command, ...rest] = argv;
  if (!isFlowsCommand(command))
    throw new UsageError(command === undefined ? 'missing command (render, deploy or purge)' : 'unknown command');
  const { values, given } = parseCommandLine({ flags: FLOWS_FLAGS[command] }, rest);
  return flowsArgsFrom(command, values, given);
}
