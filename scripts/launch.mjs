#!/usr/bin/env node
// The entry point of `npm start`, `npm test` and `npm run bench:*`. Plain Node with no
// dependencies, because its first job is to install them. Steps:
//   1. install dependencies when node_modules is missing or older than package-lock.json;
//   2. make sure Redis answers (REDIS_URL, else a local redis-server it starts, else it
//      installs Debian's redis-server as root, else it stops and says what to do);
//   3. start: build and run the service | test: type-check, lint, jest | run FILE: a script;
//      test and bench:console first make sure Debian's Chromium is there for the console's
//      browser tests (apt-get as root; else those tests skip with a notice).
// Every process it starts stays in its process group and is stopped when it ends.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { withLaunchLock } from './launch-lock.mjs';
import net from 'node:net';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const children = new Set();
/** The redis-server this script started, if any: stopped only after the service has exited. */
let ownRedis;
const log = (message) => console.log(`[launch] ${message}`);

function fail(message) {
  console.error(`\n[launch] ${message}\n`);
  stopChildren();
  process.exit(1);
}

function stopChildren() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  return result.status ?? 1;
}

function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.install-stamp');
  const wanted = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log('installing dependencies (npm ci --include=dev; the SQLite driver compiles, about a minute)...');
  const status = run('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], {
    env: { ...process.env, NODE_ENV: 'development' },
  });
  if (status !== 0)
    fail('npm ci failed (see above). Check the network access to the npm registry and retry.');
  writeFileSync(stamp, wanted);
}

function ping(host, port, password, timeoutMs = 1000) {
  return new Promise((done) => {
    const socket = net.connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write(password ? `AUTH ${password}\r\nPING\r\n` : 'PING\r\n'));
    socket.on('data', (data) => finish(/\+PONG|-NOAUTH/.test(data.toString())));
  });
}

function findOnPath(binary) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function ensureRedis() {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(url.port || 6379);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  if (await ping(host, port, password)) return;

  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (!local) {
    fail(
      `Redis does not answer at REDIS_URL=${url.href}. Start it there, or unset REDIS_URL to use a local one.`,
    );
  }
  let binary = findOnPath('redis-server');
  if (!binary && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('redis-server is not installed: installing Debian package redis-server...');
    run('apt-get', ['update', '-q']);
    run('apt-get', ['install', '-y', '-q', 'redis-server'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    binary = findOnPath('redis-server');
  }
  if (!binary) {
    fail(
      `Redis does not answer at ${url.href} and there is no redis-server to start.\n` +
        '  Install it (Debian/Ubuntu: sudo apt-get install redis-server), or set REDIS_URL to a running Redis 6.2+.',
    );
  }
  const dir = resolve(root, process.env.DATA_DIR || 'data', 'redis');
  // DATA_DIR holds the store and the keys: only its owner may enter it.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  log(`starting ${binary} on 127.0.0.1:${port} (data and log in ${dir})`);
  const logFd = openSync(join(dir, 'redis.log'), 'a');
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      // The service refuses an evicting Redis: say so rather than rely on the default.
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  children.add(child);
  ownRedis = child;
  for (let i = 0; i < 100; i++) {
    if (await ping(host, port, undefined)) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`redis-server did not start; see ${join(dir, 'redis.log')}`);
}

/** Where the console's browser tests and bench:console find Chromium (Debian's package). */
const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium for the console's end-to-end tests: installed with apt-get when missing
 * and this runs as root; otherwise a notice, and those tests skip (they say so too).
 */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    log(
      `notice: ${CHROMIUM} is missing and this is not root with apt-get: the console's browser tests will skip.\n` +
        '  Install it (Debian/Ubuntu: sudo apt-get install chromium) to run them.',
    );
    return;
  }
  log(
    `notice: ${CHROMIUM} is missing: installing Debian package chromium for the console's browser tests...`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run('apt-get', ['install', '-y', '-q', '-o', 'DPkg::Lock::Timeout=300', 'chromium'], {
      env,
    });
  if (install() !== 0) {
    run('apt-get', ['update', '-q'], { env });
    install();
  }
  if (!existsSync(CHROMIUM))
    log("notice: chromium could not be installed (see above): the console's browser tests will skip.");
}

function runChild(command, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Runs a command with its output kept until it exits (so checks run side by side do not mix
 * their lines); resolves with its exit status, its output and how long it took.
 */
function runCaptured(command, args) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${command} could not run: ${error.message}\n`)));
    child.on('close', (code, signal) => {
      children.delete(child);
      done({
        status: code ?? (signal ? 1 : 0),
        output: Buffer.concat(output),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

// A signal: the service first (it answers what is in flight and exits within its
// SHUTDOWN_TIMEOUT_SECONDS, needing Redis meanwhile), then the Redis this script started.
// A second signal stops everything at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    if (stopping) {
      stopChildren();
      process.exit(130);
    }
    stopping = true;
    const service = [...children].filter((child) => child !== ownRedis && child.exitCode === null);
    await Promise.all(
      service.map((child) => {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        return exited;
      }),
    );
    stopChildren();
    process.exit(130);
  });
}
process.on('exit', stopChildren);

const bin = (name) => join(root, 'node_modules', '.bin', name);
/** As `npm run lint:deps` runs it. */
const DEPCRUISE_ARGS = ['apps', 'libs', '--config', '.dependency-cruiser.cjs'];

/** A digest of what the build reads: the sources, the TypeScript and Nest settings, the lock file. */
function sourceDigest() {
  const hash = createHash('sha256');
  const add = (path) =>
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(root, path)))
      .update('\0');
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else add(path);
    }
  };
  walk('apps');
  walk('libs');
  for (const file of ['package-lock.json', 'tsconfig.json', 'nest-cli.json']) add(file);
  return hash.digest('hex');
}

/** Builds into dist/ unless dist/ was built from these very sources (its stamp says so). */
function buildUnlessCurrent() {
  const stamp = join(root, 'dist', '.build-stamp');
  const digest = sourceDigest();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    log('dist/ is built from these sources: no build needed');
    return;
  }
  log('building...');
  if (run(bin('nest'), ['build', 'api']) !== 0) fail('The build failed (see above).');
  writeFileSync(stamp, digest);
}
// A larger young generation: the service and the projections allocate many short-lived
// objects per event, and V8's default (16 MiB semi-spaces) spends a quarter of a catch-up in
// scavenges. Costs at most ~200 MiB more memory.
const NODE_FLAGS = ['--max-semi-space-size=64'];
const [command, ...rest] = process.argv.slice(2);

// Launchers started together from one checkout (the API and the worker) install, start
// Redis and build one at a time; the later ones find it done.
await withLaunchLock(
  root,
  async () => {
    ensureDependencies();
    await ensureRedis();
    if (command === 'start') buildUnlessCurrent();
  },
  (holder) => log(`waiting for another launcher (pid ${holder ?? '?'}) to finish installing and building...`),
);

let status = 0;
if (command === 'start') {
  status = await runChild(process.execPath, [
    ...NODE_FLAGS,
    '--enable-source-maps',
    'dist/apps/api/apps/api/src/main.js',
    ...rest,
  ]);
} else if (command === 'test') {
  ensureChromium();
  // The checks read the sources only and are independent: side by side they take the time
  // of the longest (each one's output is printed whole once it ends). The tests come after.
  const checks = [
    ['type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
    ['lint', bin('eslint'), ['.']],
    // The layering (.dependency-cruiser.cjs): apps, libs and their layers, no cycles, the ports.
    ['lint (dependencies)', bin('depcruise'), DEPCRUISE_ARGS],
    ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ];
  log(`${checks.map(([name]) => name).join(', ')}...`);
  const results = await Promise.all(checks.map(([, cmd, args]) => runCaptured(cmd, args)));
  const failed = [];
  results.forEach(({ status: checkStatus, output, seconds }, index) => {
    const name = checks[index][0];
    if (output.length > 0) process.stdout.write(output);
    log(`${name}: ${checkStatus === 0 ? 'ok' : 'failed'} (${seconds.toFixed(0)} s)`);
    if (checkStatus !== 0) failed.push(name);
  });
  if (failed.length > 0) {
    console.error(`[launch] ${failed.join(', ')} failed`);
    status = 1;
  } else {
    log('tests...');
    // Under the tests' TypeScript loader (cached SWC output, no TypeScript loaded), which the
    // SQLite writer threads of the stores the tests open take up (libs/event-store's
    // writer-thread.ts): else each thread loads @swc-node/register and TypeScript, ~0.35 s of
    // CPU per store opened for writing.
    const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    status = await runChild(process.execPath, [
      '-r',
      join(root, 'test', 'support', 'register-ts.cjs'),
      jest,
      '--ci',
      ...rest,
    ]);
    if (status !== 0) console.error('[launch] tests failed');
  }
} else if (command === 'run' && rest.length > 0) {
  if (rest.some((file) => file.includes('console'))) ensureChromium();
  status = await runChild(process.execPath, [...NODE_FLAGS, '-r', '@swc-node/register', ...rest]);
} else {
  fail('usage: node scripts/launch.mjs start | test [jest args] | run FILE.ts [args]');
}
stopChildren();
process.exit(status);
