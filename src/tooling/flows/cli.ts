/**
 * `npm run -s flows -- render|deploy|purge`, with every outside dependency injected (environment,
 * Twilio client factory, output streams, git commit, the flow linter) so tests drive it end to end
 * against the fake. Output names files, SIDs, environments and paths only: no template text and
 * no phone number (the front-desk number goes into the rendered files, never to the terminal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../cli/args';
import { parseFlowsArgs, USAGE, wantsHelp, type FlowsArgs } from './args';
import { FlowsError, flowError } from './errors';
import { lintFlow } from '../lint/flow';
import { allowedHosts, lintGate, lintOptions, type FlowLinter } from './lint-gate';
import { connect, renderAll, type PipelineDeps } from './pipeline';
import { purgeFlows } from './purge';
import { loadTemplates } from './templates';
import { applyFlows, commitMessage, validateFlows } from './studio-deploy';
import { wiringFor, wiringNotes } from './wiring';

export interface FlowsDeps extends PipelineDeps {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Short SHA of the project's HEAD, for commit messages (null outside git). */
  gitSha: () => string | null;
  /** The flow linter (default: src/tooling/lint/flow lintFlow). */
  lint?: FlowLinter;
}

export type ExitCode = 0 | 1 | 2;

const LOCAL_NOTE =
  'Local render: http://localhost URLs and dummy SIDs, for trying flows with the fake Twilio API or twilio-run only.\n' +
  'Do not import these into Studio: Studio cannot reach localhost, and the flow linter rejects non-https URLs.\n';

function shown(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function render(args: FlowsArgs, deps: FlowsDeps): Promise<ExitCode> {
  const { target, flows } = await renderAll(args, deps);
  const dir = isAbsolute(args.out) ? args.out : join(deps.root, args.out);
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of flows) writeFileSync(join(dir, `${f.template.name}.json`), `${JSON.stringify(f.definition, null, 2)}\n`);
  } catch {
    throw flowError('could not write the rendered flows to the --out directory');
  }
  const lines = flows.map(
    (f) =>
      `  ${shown(deps.root, join(dir, `${f.template.name}.json`))}  v${f.template.version}  run-function: ${f.functionPaths.join(', ') || 'none'}`,
  );
  deps.stdout(`Rendered ${flows.length} flow(s) for ${target.label}:\n${lines.join('\n')}\n`);
  if (target.kind === 'local') deps.stdout(LOCAL_NOTE);
  else deps.stdout('Import them in the Studio Console (Create new Flow > Import from JSON), or run `npm run -s flows -- deploy`.\n');
  return 0;
}

async function deploy(args: FlowsArgs, deps: FlowsDeps): Promise<ExitCode> {
  const { target, flows, client } = await renderAll(args, deps);
  if (!client) throw flowError('deploy needs the deployed Functions (not --local)');
  const gate = lintGate(flows, deps.lint ?? lintFlow, lintOptions(target, allowedHosts(deps.root)));
  if (gate.warnings.length > 0)
    deps.stderr(
      `Flow linter warnings (review the condition that makes each acceptable):\n${gate.warnings.map((w) => `  ${w}`).join('\n')}\n`,
    );
  if (gate.errors.length > 0)
    throw flowError(`Flow linter errors:\n${gate.errors.map((e) => `  ${e}`).join('\n')}\nNothing was changed in Studio.`);

  const sha = deps.gitSha();
  const problems = await validateFlows(client, flows, args.status, sha);
  if (problems.length > 0) throw flowError(`${problems.join('\n')}\nNothing was changed in Studio.`);

  const deployed = await applyFlows(client, flows, args.status, sha);
  const out = [`Deployed ${deployed.length} flow(s) (status ${args.status}) calling ${target.label}:`];
  deployed.forEach((d, i) => {
    const f = flows[i];
    out.push(`  ${d.friendlyName}  ${d.sid}  revision ${d.revision} (${d.action})  commit "${f ? commitMessage(f.template, sha) : ''}"`);
    for (const w of f ? wiringFor(f.definition, d.webhookUrl, d.sid) : []) out.push(`    wire: ${w}`);
  });
  for (const note of wiringNotes(flows.map((f) => ({ name: f.template.name, definition: f.definition })))) out.push(`Note: ${note}`);
  deps.stdout(`${out.join('\n')}\n`);
  return 0;
}

async function purge(args: FlowsArgs, deps: FlowsDeps): Promise<ExitCode> {
  const { client } = connect(deps);
  const names = loadTemplates(deps.root, args.flow).map((t) => t.name);
  const purged = await purgeFlows(client, names, args.max);
  const lines = purged.map((p) => `  ${p.friendlyName}  ${p.sid}  deleted ${p.deleted}${p.failed > 0 ? `, failed ${p.failed}` : ''}`);
  deps.stdout(`Purged ended executions of ${purged.length} flow(s):\n${lines.join('\n')}\n`);
  return purged.some((p) => p.failed > 0) ? 1 : 0;
}

export async function runFlowsCli(argv: readonly string[], deps: FlowsDeps): Promise<ExitCode> {
  if (wantsHelp(argv)) {
    deps.stdout(`${USAGE}\n`);
    return 0;
  }
  let args: FlowsArgs;
  try {
    args = parseFlowsArgs(argv);
  } catch (err) {
    deps.stderr(`${err instanceof UsageError ? err.message : 'invalid arguments'}\n${USAGE}\n`);
    return 2;
  }
  return runFlows(args, deps);
}

/** The flows command on typed arguments (npm run flows and `twilio hipaa:flows`). */
export async function runFlows(args: FlowsArgs, deps: FlowsDeps): Promise<ExitCode> {
  try {
    if (args.command === 'purge') return await purge(args, deps);
    return args.command === 'render' ? await render(args, deps) : await deploy(args, deps);
  } catch (err) {
    if (err instanceof FlowsError) {
      deps.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    deps.stderr(`flows ${args.command} failed unexpectedly\n`);
    return 1;
  }
}
