import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The worker as a real process (src/worker.ts through ts-node, @nestjs loaded as ESM by Node's
 * require(esm)), so a test can SIGKILL it mid-batch and start another one.
 */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged that it started. */
  started: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
  /** Peak resident memory so far (VmHWM, Linux), in bytes; null elsewhere or once exited. */
  peakRss: () => number | null;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const ROOT = resolve(__dirname, '../..');

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
    cwd: ROOT,
    // At the test's priority unless a spec says otherwise: on a loaded machine a nicer worker only makes the specs slower.
    env: { ...process.env, TS_NODE_PROJECT: resolve(ROOT, 'tsconfig.json'), WORKER_NICENESS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let announce: () => void = () => undefined;
  const started = new Promise<void>((resolveStarted, reject) => {
    announce = resolveStarted;
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
  started.catch(() => undefined);
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes('copil worker started')) announce();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return {
    child,
    started,
    exited,
    output: () => output,
    peakRss: () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
