/** One thing a process finishes before it exits, named for the message when it does not. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * On SIGTERM or SIGINT: runs every step at once (each stops accepting work, finishes or
 * releases what it holds) and exits 0 once all are done (1 if one failed); after `timeoutSeconds`
 * (SHUTDOWN_TIMEOUT_SECONDS) it exits 1 anyway, naming the steps that did not finish, so a
 * dependency that stopped answering (Redis down) never keeps the process, and the store's
 * lock with it, alive. A second signal changes nothing: the deadline stands.
 */
export function shutdownOnSignals(
  steps: () => ShutdownStep[],
  timeoutSeconds: number,
  log: (message: string) => void = (message) => console.error(message),
): void {
  let started = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    log(`${signal}: shutting down (at most ${timeoutSeconds} s)`);
    const pending = new Set<string>();
    setTimeout(() => {
      log(
        `Shutdown did not finish within ${timeoutSeconds} s (still running: ${[...pending].join(', ')}); exiting`,
      );
      process.exit(1);
    }, timeoutSeconds * 1000);
    let failed = false;
    const runs = steps().map(async ({ name, run }) => {
      pending.add(name);
      try {
        await run();
      } catch (error) {
        failed = true;
        log(`${name} failed while shutting down: ${(error as Error).message}`);
      } finally {
        pending.delete(name);
      }
    });
    void Promise.all(runs).then(() => process.exit(failed ? 1 : 0));
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, shutDown);
}
