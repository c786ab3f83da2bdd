#!/usr/bin/env node
// `npm run test:esdb`: the whole test suite against EventStoreDB. It starts nothing: it waits
// for the server named by EVENTSTORE_CONNECTION_STRING (default esdb://localhost:2113?tls=false,
// what infra/docker-compose.yml starts) to have a leader, then runs `npm test` with
// EVENT_STORE=esdb and that connection string. Extra arguments go to jest.
//   docker compose -f infra/docker-compose.yml up -d --wait
//   npm run test:esdb
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING || 'esdb://localhost:2113?tls=false';
const waitSeconds = Number(process.env.EVENTSTORE_WAIT_SECONDS || 120);
const log = (message) => console.log(`[test:esdb] ${message}`);

/** The node's HTTP endpoint: the first host of the connection string, http when tls=false. */
function gossipUrl(connection) {
  const match = /^esdb(?:\+discover)?:\/\/(?:[^@/]*@)?([^,/?]+)[^?]*(\?.*)?$/.exec(connection);
  if (!match) {
    console.error(`[test:esdb] EVENTSTORE_CONNECTION_STRING is not an esdb:// URL: ${connection}`);
    process.exit(1);
  }
  const hostPort = match[1].includes(':') ? match[1] : `${match[1]}:2113`;
  const tls = !/[?&]tls=false\b/i.test(match[2] ?? '');
  return `${tls ? 'https' : 'http'}://${hostPort}/gossip`;
}

/** True once gossip names a live leader (a single node is its own leader once started). */
async function hasLeader(url) {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!answer.ok) return false;
    const { members = [] } = await answer.json();
    return members.some((member) => member.isAlive && String(member.state).toLowerCase() === 'leader');
  } catch {
    return false;
  }
}

const url = gossipUrl(connectionString);
log(`waiting up to ${waitSeconds} s for EventStoreDB at ${url} to have a leader...`);
const deadline = Date.now() + waitSeconds * 1000;
let dots = 0;
while (!(await hasLeader(url))) {
  if (Date.now() > deadline) {
    console.error(
      `\n[test:esdb] EventStoreDB did not answer with a leader at ${url} within ${waitSeconds} s.\n` +
        '  Start one: docker compose -f infra/docker-compose.yml up -d --wait\n' +
        '  or point EVENTSTORE_CONNECTION_STRING at a running server (EVENTSTORE_WAIT_SECONDS to wait longer).',
    );
    process.exit(1);
  }
  if (++dots % 10 === 0) log(`still waiting (${Math.round((deadline - Date.now()) / 1000)} s left)...`);
  await new Promise((done) => setTimeout(done, 1000));
}
log(
  `EventStoreDB is up; running the suite with EVENT_STORE=esdb EVENTSTORE_CONNECTION_STRING=${connectionString}`,
);

const child = spawn(
  process.execPath,
  [resolve(root, 'scripts/launch.mjs'), 'test', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: connectionString },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
