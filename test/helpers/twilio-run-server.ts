/**
 * Starts a real `twilio-run start` on the built dist/ (loopback only), with an env file the test
 * writes, and optionally a `--require` preload (the redirect to the fake Twilio API). Collects the
 * server's stdout/stderr so tests can scan it for canary PHI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface RunningServer {
  port: number;
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function writeEnvFile(path: string, env: Record<string, string>): string {
  writeFileSync(
    path,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return path;
}

export interface ServerOptions {
  envFile: string;
  preload?: string;
  functionsFolder?: string;
  assetsFolder?: string;
}

export async function startTwilioRun(opts: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const nodeArgs = opts.preload ? ['--require', opts.preload] : [];
  const args = [
    ...nodeArgs,
    join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'),
    'start',
    '--env',
    opts.envFile,
    '--functions-folder',
    opts.functionsFolder ?? 'dist/functions',
    '--assets-folder',
    opts.assetsFolder ?? 'dist/assets',
    '--port',
    String(port),
  ];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`twilio-run did not start (exit ${String(child.exitCode)})`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    origin: `http://localhost:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
