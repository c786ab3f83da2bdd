import type Redis from 'ioredis';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds a process and every process below it have used so far, all their threads
 * (Linux /proc): the API's SQLite writer thread and libuv's pool count, and ROLE=all's
 * projections child too. A process that has exited since no longer counts.
 */
export function processTreeCpuSeconds(pid: number): number {
  let seconds = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    seconds += processCpuSeconds(current);
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // Exited meanwhile.
    }
  }
  return seconds;
}

/** CPU seconds one process has used so far, all its threads, without the processes below it. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // Exited meanwhile.
  }
}

/** CPU seconds the Redis server has used (all its clients: run the bench on a quiet Redis). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
