import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/child-process';
import { makeTempDir } from '../support/temp-dir';

const LOCK = pathToFileURL(join(REPO_ROOT, 'scripts', 'launch-lock.mjs')).href;

/** A launcher's critical section in a process of its own: writes when it enters and leaves. */
function launcher(dir: string, log: string): Promise<number | null> {
  const script = `
    import { appendFileSync } from 'node:fs';
    import { withLaunchLock } from ${JSON.stringify(LOCK)};
    await withLaunchLock(${JSON.stringify(dir)}, async () => {
      appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', resolve));
}

/** scripts/launch.mjs installs, starts Redis and builds under this lock (docs/operations.md: starts from one checkout at once). */
describe('the launchers’ lock', () => {
  const dir = makeTempDir('launch-lock');
  afterAll(() => dir.remove());

  it('lets launchers started at the same moment in one at a time', async () => {
    const log = join(dir.path, 'sections.log');
    expect(
      await Promise.all([launcher(dir.path, log), launcher(dir.path, log), launcher(dir.path, log)]),
    ).toEqual([0, 0, 0]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    // Strictly in, out, in, out...: no two sections overlap.
    lines.forEach((line, index) => {
      expect(line.startsWith(index % 2 === 0 ? 'in ' : 'out ')).toBe(true);
      if (index % 2 === 1) expect(line.slice(4)).toBe(lines[index - 1].slice(3));
    });
  });

  it('takes over the lock of a launcher that was killed holding it', async () => {
    const dead = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      }),
    );
    mkdirSync(join(dir.path, '.launch.lock'));
    writeFileSync(join(dir.path, '.launch.lock', 'pid'), String(dead));
    const log = join(dir.path, 'after-kill.log');
    const started = Date.now();
    expect(await launcher(dir.path, log)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
