import { Writable } from 'node:stream';
import { importCommand } from '../../apps/api/src/import/import-command';
import { LineCollector, spawnTypeScript } from './child-process';
import { testStoreEnv } from './test-store';

export interface ImportRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run import`'s CLI (apps/api/src/import/import.cli.ts) in a child process on DATA_DIR. */
export function spawnImport(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): LineCollector {
  return new LineCollector(
    spawnTypeScript('apps/api/src/import/import.cli.ts', args, { DATA_DIR: dataDir, ...env }),
  );
}

/** Runs the import to its end: exit code, stdout and stderr. */
export async function runImport(
  dataDir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ImportRun> {
  const child = spawnImport(dataDir, args, env);
  let stderr = '';
  child.child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const code = await child.exited();
  return { code, stdout: child.lines.join('\n'), stderr };
}

/** A figure of the import's summary, e.g. `events written` -> 3211. */
export function summaryFigure(stdout: string, label: string): number {
  const match = new RegExp(`${label}:\\s+([\\d,]+)`).exec(stdout);
  if (!match) throw new Error(`No '${label}' in the summary:\n${stdout}`);
  return Number(match[1].replace(/,/g, ''));
}

/**
 * Runs the import command in this process (the CLI's code without its process, so without
 * the start-up of a child): exit code and output. `policy`: an SLA_POLICY_FILE.
 */
export async function importHere(dataDir: string, args: string[], policy?: string): Promise<ImportRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
  const code = await importCommand(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env: {
      ...process.env,
      ...testStoreEnv(dataDir),
      DATA_DIR: dataDir,
      ...(policy !== undefined && { SLA_POLICY_FILE: policy }),
    },
  });
  return { code, stdout, stderr };
}
