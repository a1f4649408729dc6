/**
 * Starts and stops `moto_server` (moto 5.2, a real AWS emulator in Python) for the second AWS
 * tier: the loopback endpoint in functions/simulator/ injects faults, moto checks that the
 * handler's ordinary Secrets Manager and CloudWatch calls mean what AWS would make of them.
 *
 * moto is not an npm package: the tier runs when `moto_server` is on the PATH
 * (`pip install "moto[server]==5.2.*"`) and is reported as skipped otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The `moto_server` executable on the PATH, or undefined: decided when the test file is collected. */
export const MOTO_SERVER: string | undefined = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir.length > 0)
  .map((dir) => join(dir, 'moto_server'))
  .find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** What is printed when the tier cannot run. */
export const MOTO_MISSING =
  'AWS tier 2 (moto) SKIPPED: moto_server is not on the PATH; install it with pip install "moto[server]==5.2.*" to run the handler against a real AWS emulator.';

export interface Moto {
  readonly url: string;
  /** SDK v3 client config for moto's default account (123456789012) in us-east-1. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  stop(): Promise<void>;
}

const STARTUP_MS = 15_000;
const READY_ATTEMPTS = 50;
const READY_INTERVAL_MS = 100;

/** The URL werkzeug prints once it listens; `-p 0` lets the OS pick a free port, so nothing races for it. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`no "Running on" line within ${STARTUP_MS} ms`), STARTUP_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`moto_server did not start: ${why}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}

/** Bounded retries until moto answers its own API: the port is open before every backend is loaded. */
async function waitReady(url: string): Promise<void> {
  let last: unknown;
  for (let attempt = 1; attempt <= READY_ATTEMPTS; attempt++) {
    try {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (res.ok) return;
      last = new Error(`HTTP ${res.status}`);
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_INTERVAL_MS));
  }
  throw new Error(`moto_server at ${url} not ready after ${READY_ATTEMPTS} attempts`, { cause: last });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
}

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(executable: string): Promise<Moto> {
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = stopper(child);
  try {
    const url = await listeningUrl(child);
    // Keep draining its request log, or a full pipe would block moto.
    child.stdout?.resume();
    child.stderr?.resume();
    await waitReady(url);
    return {
      url,
      clientConfig: {
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
