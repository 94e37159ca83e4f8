/**
 * `npm start`: build, create the local profile if needed, and serve every Function with twilio-run
 * on http://localhost:$PORT (default 3000). Arguments after `--` go to `twilio-run start`.
 * twilio-run itself ignores PORT (its --port flag defaults to 3000), so PORT is mapped to --port.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { buildProject } from './build';
import { ensureLocalEnv, ensureLocalLedgerIdentity, LOCAL_ENV_FILE, readEnvFile, SAMPLE_PARAMS, signedCurlExample } from './local-env';

const root = join(__dirname, '..');

export function startArgs(extra: string[], envPort: string | undefined): { args: string[]; port: string } {
  const portFlag = extra.findIndex((a) => a === '--port' || a === '-p' || a.startsWith('--port='));
  let port = envPort && /^[0-9]{1,5}$/.test(envPort) ? envPort : '3000';
  const args = ['start', '--env', LOCAL_ENV_FILE, '--functions-folder', 'dist/functions', '--assets-folder', 'dist/assets'];
  if (portFlag >= 0) {
    const flag = extra[portFlag] ?? '';
    port = flag.startsWith('--port=') ? flag.slice('--port='.length) : (extra[portFlag + 1] ?? port);
  } else {
    args.push('--port', port);
  }
  return { args: [...args, ...extra], port };
}

function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) resolve(false);
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

async function main(): Promise<void> {
  await buildProject({ root });
  if (ensureLocalEnv(root)) console.log(`Created ${LOCAL_ENV_FILE} (local profile: random AUTH_TOKEN, file-backed ledger).`);
  if (!(await ensureLocalLedgerIdentity(root))) {
    console.error('The local ledger belongs to another OPTOUT_HMAC_SECRET: delete its directory (LEDGER_FILE_DIR) or restore the secret.');
    process.exit(1);
  }
  const { args, port } = startArgs(process.argv.slice(2), process.env.PORT);
  const child = spawn(join(root, 'node_modules', '.bin', 'twilio-run'), args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
  if (await waitForPort(Number(port), 30_000)) {
    const env = readEnvFile(join(root, LOCAL_ENV_FILE)) ?? {};
    const url = `http://localhost:${port}/sms/inbound`;
    console.log('\nTry a signed request (sample numbers are fictional):');
    console.log(signedCurlExample(url, env.AUTH_TOKEN ?? '', SAMPLE_PARAMS(env.ACCOUNT_SID ?? '')));
    console.log('Unsigned or wrongly signed requests get 403.\n');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : 'start failed');
    process.exit(1);
  });
}
