/** What the HTTP benchmarks share: servers in processes of their own, sequential latencies, percentiles. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `requests` sequential GETs after 200 for warm-up, in ms, sorted. */
export async function latencies(
  url: string,
  headers: Record<string, string>,
  requests: number,
): Promise<number[]> {
  for (let i = 0; i < 200; i++) await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

// The V8 flags npm run gives the benchmark (scripts/launch.mjs), given alike to every server.
export const NODE_FLAGS = process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size'));

/** A TypeScript entry point in a process of its own, resolved once it prints `ready` or `Listening`. */
export function startServer(file: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, '-r', '@swc-node/register', file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/ready|Listening/.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
