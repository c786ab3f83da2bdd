import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../support/child-process';

/** The modules a fresh Node process has loaded after requiring `entry` (compiled by SWC). */
function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

/** The store drivers and the framework: only adapter entry points may load them. */
const DRIVERS = ['better-sqlite3', '@eventstore/db-client', '@nestjs/common'];
const loads = (modules: string[], name: string) =>
  modules.some((path) => path.includes(`/node_modules/${name}/`));

describe('entry points: a port loads no driver, each adapter its own', () => {
  it.each(['event-store', 'audit', 'integration', 'read-models', 'timers', 'redis', 'projections'])(
    '@cl/%s alone loads no store driver and no framework',
    (lib) => {
      const modules = modulesLoadedBy(`./libs/${lib}/src`);
      expect(DRIVERS.filter((driver) => loads(modules, driver))).toEqual([]);
    },
  );

  it('each adapter entry loads its own driver only', () => {
    const sqlite = modulesLoadedBy('./libs/event-store/src/sqlite');
    expect([loads(sqlite, 'better-sqlite3'), loads(sqlite, '@eventstore/db-client')]).toEqual([true, false]);
    const esdb = modulesLoadedBy('./libs/event-store/src/esdb');
    expect([loads(esdb, 'better-sqlite3'), loads(esdb, '@eventstore/db-client')]).toEqual([false, true]);
  });
});
