import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AUDIT_SEALS_STREAM, sealOf, verifyLog, type LogVerification } from '@cl/audit';
import { EventStoreLockedError } from '@cl/event-store';
import { assignNewStoreId, SqliteEventStore } from '@cl/event-store/sqlite';
import { SUBSCRIPTION_KEY_FILE } from '@cl/integration';
import { DATA_KEY_FILE, SqliteDataKeyStore } from '@cl/personal-data/sqlite';
import { ACTOR_SECRET_FILE, ADMIN_TOKEN_FILE } from '../auth/api-keys';

/** The keys the service generates into DATA_DIR when they are not configured: a backup carries them. */
export const GENERATED_KEY_FILES = [SUBSCRIPTION_KEY_FILE, ADMIN_TOKEN_FILE, ACTOR_SECRET_FILE] as const;
export const STORE_FILE = 'events.db';
export const MANIFEST_FILE = 'manifest.json';
const ALL_PAGES = 0x7fffffff;

/** What a backup says of itself (docs/operations.md, "Operating it"), and a digest of each file. */
export interface BackupManifest {
  storeId: string;
  headPosition: string;
  /** upToPosition of the last seal in the copy; "0" when it has none. */
  lastSealPosition: string;
  createdAt: string;
  version: string;
  /**
   * The customers' data keys (docs/privacy.md): "keys.db", copied with SQLite's online backup
   * after events.db (so it holds every key the copied events were sealed under); absent when
   * DATA_DIR had no key store.
   */
  dataKeys?: typeof DATA_KEY_FILE;
  /** sha256 of each file of the backup: a byte changed anywhere is refused. */
  files: Record<string, string>;
}

/** Usage, or the store is not one this command can act on: exit 2, nothing changed. */
export class BackupUsageError extends Error {
  override readonly name = 'BackupUsageError';
}

/** The backup (or the copy just made) does not verify: exit 1, nothing changed. */
export class BackupInvalidError extends Error {
  override readonly name = 'BackupInvalidError';
}

export interface BackupProgress {
  /** A step begins (copying, verifying, installing). */
  step(message: string): void;
  /** The verification's progress over the copy's log. */
  verifying(position: bigint, head: bigint, events: number): void;
}

/**
 * Copies the store with SQLite's online backup while the service runs, then the data keys
 * (keys.db, online backup too: after the events, so every key a copied event was sealed
 * under is in it), then the generated keys, then verifies the copy (every chain and seal) and only then writes the manifest: a
 * directory without a manifest is no backup. The copy is taken in one step of the backup API,
 * one read transaction: under a steady write load a copy in several steps would start again
 * at every commit, while WAL readers never hold writers back.
 */
export async function backupStore(
  dataDir: string,
  target: string,
  progress: BackupProgress,
  version: string,
): Promise<BackupManifest> {
  const storePath = join(dataDir, STORE_FILE);
  if (!existsSync(storePath)) throw new BackupUsageError(`No event store at ${storePath}: check DATA_DIR`);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new BackupUsageError(`${target} is not empty: back up into a new directory`);
  }
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const copyPath = join(target, STORE_FILE);
  progress.step(`copying ${storePath} (${mebibytes(storePath)}) with SQLite's online backup`);
  await onlineBackup(storePath, copyPath);
  const keysPath = join(dataDir, DATA_KEY_FILE);
  const dataKeys = existsSync(keysPath);
  if (dataKeys) {
    progress.step(`copying the data keys ${keysPath} with SQLite's online backup`);
    await onlineBackup(keysPath, join(target, DATA_KEY_FILE));
  }
  for (const name of GENERATED_KEY_FILES) {
    if (!existsSync(join(dataDir, name))) continue;
    copyFileSync(join(dataDir, name), join(target, name));
    chmodSync(join(target, name), 0o600);
  }
  const { storeId, head, lastSealPosition, verification } = await verifyCopy(copyPath, progress);
  if (!verification.valid) {
    throw new BackupInvalidError(`The copy in ${target} does not verify: ${describeFailure(verification)}`);
  }
  const manifest: BackupManifest = {
    storeId,
    headPosition: head.toString(),
    lastSealPosition,
    createdAt: new Date().toISOString(),
    version,
    ...(dataKeys && { dataKeys: DATA_KEY_FILE }),
    files: await digests(target),
  };
  writeFileSync(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * Checks a backup as restore takes it: the manifest, every file's digest, the copy's storeId
 * and head against the manifest, every chain and seal.
 * @throws BackupInvalidError naming what does not verify
 */
export async function verifyBackup(source: string, progress: BackupProgress): Promise<BackupManifest> {
  const manifestPath = join(source, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new BackupInvalidError(`${source} has no ${MANIFEST_FILE}: it is not a finished backup`);
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupInvalidError(`${manifestPath} is not valid JSON`);
  }
  if (!manifest.files?.[STORE_FILE]) throw new BackupInvalidError(`${manifestPath} lists no ${STORE_FILE}`);
  progress.step(`checking the digests of ${Object.keys(manifest.files).length} files`);
  const actual = await digests(source);
  for (const [name, digest] of Object.entries(manifest.files)) {
    if (actual[name] !== digest) {
      throw new BackupInvalidError(
        actual[name] === undefined
          ? `${name} is missing from ${source}`
          : `${name} was changed since the backup`,
      );
    }
  }
  const { storeId, head, verification } = await verifyCopy(join(source, STORE_FILE), progress);
  if (storeId !== manifest.storeId || head.toString() !== manifest.headPosition) {
    throw new BackupInvalidError(
      `the store in ${source} (storeId ${storeId}, head ${head}) is not the one its manifest names (storeId ${manifest.storeId}, head ${manifest.headPosition})`,
    );
  }
  if (!verification.valid) throw new BackupInvalidError(describeFailure(verification));
  return manifest;
}

export interface RestoreResult {
  manifest: BackupManifest;
  storeId: string;
  /** Where the store it replaced was kept, if there was one. */
  replacedAs?: string;
  /**
   * Customers the replaced store records as erased after the backup was taken: their keys
   * are deleted from the installed key store again, but the restored log does not record
   * the erasure (POST /customers/:id/erasure again records it).
   */
  erasedAgain: string[];
  /**
   * Customers whose erasure the replaced key store kept pending (keys deleted, CustomerDataErased
   * never recorded) and whom erasedAgain does not name: their keys are deleted from the installed
   * key store again, which keeps their erasures pending (POST /customers/:id/erasure announces them).
   */
  pendingErasedAgain: string[];
}

/**
 * Installs a verified backup into DATA_DIR with the service stopped: the current store and
 * data keys (each with its WAL checkpointed into it first) and any differing key are kept aside as
 * `<name>.replaced-<time>`, and the installed store gets a new storeId, so every state in
 * Redis of the replaced history is recognised as foreign at the next start. The installed data
 * keys lose those of every customer erased after the backup: recorded as erased in the
 * replaced log, or with an erasure pending in the replaced key store.
 * @throws BackupUsageError when a service holds the store (nothing changed)
 * @throws BackupInvalidError when the backup does not verify (nothing changed)
 */
export async function restoreStore(
  dataDir: string,
  source: string,
  progress: BackupProgress,
): Promise<RestoreResult> {
  const storePath = join(dataDir, STORE_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let lock: { release(): void };
  try {
    lock = SqliteEventStore.lockExclusively(storePath);
  } catch (error) {
    if (error instanceof EventStoreLockedError) {
      throw new BackupUsageError(
        `A service is running on ${dataDir} (it holds ${basename(storePath)}.lock): stop it, then restore`,
      );
    }
    throw error;
  }
  try {
    const manifest = await verifyBackup(source, progress);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const incoming = `${storePath}.restoring`;
    progress.step(`installing the backup of ${manifest.createdAt} (head ${manifest.headPosition})`);
    copyFileSync(join(source, STORE_FILE), incoming);
    chmodSync(incoming, 0o600);
    const installed = new Database(incoming);
    const storeId = assignNewStoreId(installed);
    installed.pragma('wal_checkpoint(TRUNCATE)');
    installed.close();
    // Read before the current store is set aside (opening it there would leave -wal and -shm files beside it).
    const erasedLater = existsSync(storePath)
      ? await erasuresAfterBackup(storePath, manifest)
      : new Set<string>();
    // An erasure the replaced key store left pending (keys deleted, never recorded) is in no log.
    const keysPath = join(dataDir, DATA_KEY_FILE);
    const installsKeys = manifest.files[DATA_KEY_FILE] !== undefined;
    const pendingErasedAgain =
      installsKeys && existsSync(keysPath)
        ? (await pendingErasuresOf(keysPath)).filter((customerId) => !erasedLater.has(customerId))
        : [];
    let replacedAs: string | undefined;
    if (existsSync(storePath)) {
      // Whatever sits in the -wal file belongs to the store kept aside: fold it in first.
      const current = new Database(storePath);
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.close();
      replacedAs = `${storePath}.replaced-${stamp}`;
      renameSync(storePath, replacedAs);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(storePath + suffix, { force: true });
    renameSync(incoming, storePath);
    const erasedAgain = [...erasedLater];
    if (installsKeys) {
      installSqliteFile(join(source, DATA_KEY_FILE), keysPath, stamp);
      const toErase = [...erasedAgain, ...pendingErasedAgain];
      if (toErase.length > 0) {
        progress.step(
          `deleting again the keys of ${toErase.length} customers erased after the backup was taken or whose erasure the replaced keys left pending`,
        );
        await eraseKeys(keysPath, toErase);
      }
    }
    for (const name of GENERATED_KEY_FILES) {
      const from = join(source, name);
      const to = join(dataDir, name);
      if (!existsSync(from)) continue;
      if (existsSync(to) && !readFileSync(to).equals(readFileSync(from)))
        renameSync(to, `${to}.replaced-${stamp}`);
      copyFileSync(from, to);
      chmodSync(to, 0o600);
    }
    return { manifest, storeId, ...(replacedAs && { replacedAs }), erasedAgain, pendingErasedAgain };
  } finally {
    lock.release();
  }
}

/** Copies a SQLite file that may be in use with the online backup API, in one step (see backupStore). */
async function onlineBackup(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    // The first step opens the backup; the next copies every page at once.
    await source.backup(to, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  chmodSync(to, 0o600);
}

/**
 * Installs a SQLite file of a backup in place of the current one, which is kept aside as
 * `<name>.replaced-<stamp>` with its WAL checkpointed into it first (the service is stopped).
 */
function installSqliteFile(from: string, to: string, stamp: string): void {
  const incoming = `${to}.restoring`;
  copyFileSync(from, incoming);
  chmodSync(incoming, 0o600);
  if (existsSync(to)) {
    const current = new Database(to);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    renameSync(to, `${to}.replaced-${stamp}`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(to + suffix, { force: true });
  renameSync(incoming, to);
}

/**
 * An erasure must survive a restore (docs/privacy.md): the customers the current store
 * records as erased after the backup's head (every erasure it records when it is another
 * history than the backup's), whose keys the installed key store must not hold.
 */
async function erasuresAfterBackup(storePath: string, manifest: BackupManifest): Promise<Set<string>> {
  const current = SqliteEventStore.open({ path: storePath, readOnly: true });
  const customers = new Set<string>();
  try {
    const sameHistory = (await current.storeId()) === manifest.storeId;
    let after = sameHistory ? BigInt(manifest.headPosition) : 0n;
    for (;;) {
      const page = await current.readAll({
        after,
        maxCount: 1000,
        filter: { eventTypes: ['CustomerDataErased'] },
      });
      for (const event of page) customers.add(String(event.data.customerId));
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
  } finally {
    await current.close();
  }
  return customers;
}

/** The customers whose erasure a key store keeps pending (deleted, not announced), oldest first. */
async function pendingErasuresOf(keysPath: string): Promise<string[]> {
  const keys = new SqliteDataKeyStore(keysPath);
  try {
    return (await keys.pendingErasures()).map((erasure) => erasure.customerId);
  } finally {
    keys.close();
  }
}

async function eraseKeys(keysPath: string, customerIds: readonly string[]): Promise<void> {
  const keys = new SqliteDataKeyStore(keysPath);
  try {
    for (const customerId of customerIds) await keys.erase(customerId);
  } finally {
    keys.close();
  }
}

async function verifyCopy(
  path: string,
  progress: BackupProgress,
): Promise<{ storeId: string; head: bigint; lastSealPosition: string; verification: LogVerification }> {
  const copy = SqliteEventStore.open({ path, readOnly: true });
  try {
    const [storeId, head] = await Promise.all([copy.storeId(), copy.headPosition()]);
    progress.step(`verifying every hash chain and seal of the copy (store ${storeId}, head ${head})`);
    const verification = await verifyLog(copy, { onProgress: progress.verifying });
    const [lastSeal] = await copy.readStream(AUDIT_SEALS_STREAM, { direction: 'backwards', maxCount: 1 });
    const lastSealPosition = (lastSeal && sealOf(lastSeal)?.upToPosition) ?? '0';
    return { storeId, head, lastSealPosition, verification };
  } finally {
    await copy.close();
  }
}

function describeFailure(verification: LogVerification): string {
  const stream = verification.invalid[0];
  if (stream) return `the hash chain of ${stream.streamId} breaks at revision ${stream.firstInvalidRevision}`;
  const seal = verification.seals.firstInvalidSeal;
  if (seal) return `the seal up to position ${seal.upToPosition} disagrees with the log (${seal.mismatch})`;
  return 'the log does not verify';
}

/** sha256 of each file of a backup that exists, read as a stream (a store may be gigabytes). */
async function digests(dir: string): Promise<Record<string, string>> {
  const files = [STORE_FILE, DATA_KEY_FILE, ...GENERATED_KEY_FILES].filter((name) =>
    existsSync(join(dir, name)),
  );
  const entries = await Promise.all(
    files.map(async (name) => {
      const hash = createHash('sha256');
      await pipeline(createReadStream(join(dir, name)), hash);
      return [name, hash.digest('hex')] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function mebibytes(path: string): string {
  return `${(statSync(path).size / 2 ** 20).toFixed(1)} MiB`;
}
