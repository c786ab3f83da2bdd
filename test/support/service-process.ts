import { LineCollector, spawnTypeScript } from './child-process';
import { httpClient } from './http-client';

/**
 * The service as `npm start` runs it (apps/api/src/main.ts) in a child process, once it
 * listens: the process, its address and an HTTP client for it.
 */
export async function startServiceProcess(env: NodeJS.ProcessEnv) {
  const server = new LineCollector(spawnTypeScript('apps/api/src/main.ts', [], env));
  await server.waitFor(() => server.lines.some((line) => line.startsWith('Listening on')));
  const url = /http:\/\/[^ ]+/.exec(server.lines.find((line) => line.startsWith('Listening on'))!)![0];
  return { server, url, http: httpClient(url) };
}

/** SIGTERM, and waits for the exit; nothing when there is no process or it has ended. */
export async function stopService(server: LineCollector | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited();
}
