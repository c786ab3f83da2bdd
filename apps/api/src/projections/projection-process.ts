import { fork, type ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { BackgroundModule, shutdownOnSignals } from '@cl/background';
import type { AppConfig } from '@cl/config';
import { openStore, storeOpening, type StoreOpening } from '@cl/event-store/open';
import type { EventStore } from '@cl/event-store';

/** Set in the environment of the child process that runs the projections of ROLE=all. */
export const PROJECTION_PROCESS_ENV = 'CL_PROJECTION_PROCESS';
const RESTART_DELAY_MS = 1000;

/**
 * ROLE=all uses both cores: the HTTP API (with the early-warning reactor) stays in this
 * process; the projections, the ranking refresher, the timers, webhook delivery and the audit
 * sealer run in a child process of the same script, in the same process group (stopping
 * `npm start` stops both). The child opens the embedded store beside this process (not
 * exclusive: it appends too), as the split layout's worker does; it exits when this process
 * goes (its IPC channel closes, also after kill -9), and is started again when it dies.
 */
export function startProjectionProcess(log: (message: string) => void): { stop: () => Promise<void> } {
  let child: ChildProcess | undefined;
  let stopping = false;
  const start = () => {
    child = fork(process.argv[1], process.argv.slice(2), {
      env: { ...process.env, [PROJECTION_PROCESS_ENV]: '1' },
      execArgv: process.execArgv,
      stdio: 'inherit',
    });
    log(`Projections running in child process ${child.pid}`);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`The projection process ended (${signal ?? `code ${code}`}); starting it again`);
      setTimeout(start, RESTART_DELAY_MS).unref();
    });
  };
  start();
  /** Asks the child to shut down (it has SHUTDOWN_TIMEOUT_SECONDS too) and resolves once it has exited. */
  const stop = (): Promise<void> => {
    stopping = true;
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    return exited;
  };
  // This process ending any other way (an uncaught error): the child must not outlive it.
  process.once('exit', () => {
    stopping = true;
    child?.kill('SIGTERM');
  });
  return { stop };
}

/**
 * How the child opens the store: with the service's settings (the same SQLite file, or the
 * same EventStoreDB streams under EVENTSTORE_STREAM_NAMESPACE), beside the service (not
 * exclusive: the service holds the lock).
 */
export function projectionProcessStore(config: AppConfig): StoreOpening {
  return storeOpening(config.eventStore);
}

/** The child's side: runs the projections until its parent goes. */
export async function runProjectionProcess(config: AppConfig): Promise<void> {
  const store: EventStore = openStore(projectionProcessStore(config));
  const app = await NestFactory.createApplicationContext(
    BackgroundModule.forRoot({ ...config, role: 'worker' }, store),
    { logger: ['error', 'warn', 'log'], abortOnError: false },
  );
  shutdownOnSignals(
    () => [{ name: 'the background work', run: () => app.close() }],
    config.shutdownTimeoutSeconds,
  );
  // The parent died (even by kill -9): its IPC channel closed. Stop cleanly, checkpoints are safe anyway.
  process.once('disconnect', () => {
    void app.close().finally(() => process.exit(0));
  });
}
