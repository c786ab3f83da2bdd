/**
 * The built service of a checkout, for the benchmarks that start it as users do (bench:api,
 * bench:sealing): this checkout, or a baseline in a temporary worktree (BENCH_BASELINE).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../test/support/temp-dir';

const ROOT = join(__dirname, '..');

// The V8 flags npm run gives this script (scripts/launch.mjs), given alike to every server.
const NODE_FLAGS = process.execArgv.filter((arg) => arg.startsWith('--max-semi-space-size'));

export function startServer(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/ready|Listening|Worker running/.test(chunk.toString())) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** A checkout whose built API is measured: this one, or BENCH_BASELINE's worktree. */
export interface Tree {
  label: string;
  root: string;
}

export function build(tree: Tree): void {
  console.log(`bench — building the API and the worker of ${tree.label} (nest build)...`);
  for (const app of ['api', 'worker']) {
    const built = spawnSync(join(ROOT, 'node_modules/.bin/nest'), ['build', app], {
      cwd: tree.root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error(`nest build ${app} failed in ${tree.root}`);
  }
}

/**
 * The checkout of `wanted` (a git ref, or `sealing-off`: HEAD with bench/sealing-off.patch) in a
 * temporary worktree beside this node_modules; undefined without one.
 */
export function baselineTree(
  wanted: string | undefined = process.env.BENCH_BASELINE,
): { tree: Tree; remove: () => void } | undefined {
  if (!wanted) return undefined;
  const sealingOff = wanted === 'sealing-off';
  const ref = sealingOff ? 'HEAD' : wanted;
  const dir = makeTempDir('bench-baseline');
  const root = join(dir.path, 'tree');
  const git = (...args: string[]) => {
    const done = spawnSync('git', args, { cwd: ROOT, stdio: 'inherit' });
    if (done.status !== 0)
      throw new Error(`git ${args.join(' ')} failed: is BENCH_BASELINE=${ref} a commit?`);
  };
  git('worktree', 'add', '--detach', root, ref);
  if (sealingOff) {
    const applied = spawnSync('git', ['apply', join(ROOT, 'bench/sealing-off.patch')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (applied.status !== 0)
      throw new Error(
        'bench/sealing-off.patch no longer applies to HEAD: update it (personalData off in CommandsModule)',
      );
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    tree: { label: sealingOff ? 'baseline: HEAD, sealing off' : `baseline ${ref}`, root },
    remove: () => {
      spawnSync('git', ['worktree', 'remove', '--force', root], { cwd: ROOT });
      dir.remove();
    },
  };
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  await new Promise((resolve) => {
    server.once('exit', resolve);
    server.kill('SIGTERM');
  });
}
