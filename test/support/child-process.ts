import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testStoreEnv } from './test-store';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The children's TypeScript loader: SWC as @swc-node/register runs it, with a disk cache. */
export const REGISTER_TS = join(REPO_ROOT, 'test', 'support', 'register-ts.cjs');

/**
 * Runs a TypeScript file of the repo in a child Node process (compiled on the fly by SWC, see
 * register-ts.cjs). Given a DATA_DIR, the child opens the test store of that directory (see
 * test-store.ts).
 */
export function spawnTypeScript(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const store = env.DATA_DIR ? testStoreEnv(env.DATA_DIR) : {};
  return spawn(process.execPath, ['-r', REGISTER_TS, join(REPO_ROOT, file), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...store, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's stdout as complete lines and lets a test wait for a condition on them. */
export class LineCollector {
  readonly lines: string[] = [];
  private partial = '';
  private stderr = '';
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts);
      this.waiters = this.waiters.filter((waiter) => (waiter.test() ? (waiter.resolve(), false) : true));
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  waitFor(test: () => boolean, timeoutMs = 30000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Timed out; child stderr: ${this.stderr.slice(-2000)}`)),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve(this.child.exitCode);
    }
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }
}
