// A lock between launchers started from one checkout at the same moment (`npm start` beside
// `npm run start:worker`): installing dependencies, starting Redis and building run under it,
// one launcher at a time; the next finds them done. Plain Node: it runs before any install.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const POLL_MS = 200;
/** A lock without its holder's pid this long after it was made: its maker died in between. */
const ORPHAN_MS = 10_000;

/** Whether a process with this pid exists (signal 0 only asks). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `work` holding `<dir>/.launch.lock` (a directory: its creation is atomic). A lock whose
 * holder died (kill -9) is taken over; `onWait` is told once when another launcher holds it.
 */
export async function withLaunchLock(dir, work, onWait = () => undefined) {
  const lock = join(dir, '.launch.lock');
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    try {
      holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      holder = undefined; // being created or removed: look again
    }
    const orphan = holder === undefined && Date.now() - modifiedAt(lock) > ORPHAN_MS;
    if (orphan || (holder !== undefined && !Number.isNaN(holder) && !alive(holder))) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) onWait(holder);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
