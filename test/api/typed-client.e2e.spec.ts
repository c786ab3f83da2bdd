import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAndResolve } from '../../examples/typed-client/typed-client';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';

/**
 * The typed client of docs/openapi.md: its types are generated from the document the service
 * publishes today (tsc checks the example against them in `npm test`), and the example runs
 * against the real service.
 */
describe('typed client generated from the OpenAPI document', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
  });
  afterAll(() => service.stop());

  it('runs the example against the service', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const complaint = await fileAndResolve(service.url, TOKENS.agent, 'TC-1');
      expect(complaint).toMatchObject({ complaintId: 'TC-1', status: 'resolved', revision: 1 });
      expect(complaint.resolution?.resolutionType).toBe('replacement');
      const read = await httpClient(service.url)('GET', '/complaints/TC-1');
      expect(complaint).toEqual(read.body);
    } finally {
      log.mockRestore();
    }
    // The error branch is typed too: a second filing with the same id is a 409 body.
    await expect(fileAndResolve(service.url, TOKENS.agent, 'TC-1')).rejects.toThrow(/filing answered 409/);
  });

  it('has types generated from the document served now (else: npm run openapi:client)', async () => {
    const dir = makeTempDir('openapi-client');
    try {
      const document = join(dir.path, 'openapi.json');
      writeFileSync(document, await (await fetch(`${service.url}/docs-json`)).text());
      const script = join(__dirname, '../../scripts/openapi-client.ts');
      const run = spawnSync(
        process.execPath,
        ['-r', '@swc-node/register', script, '--document', document, '--out', dir.path],
        { encoding: 'utf8' },
      );
      expect([run.status, run.stderr]).toEqual([0, '']);
      const file = 'complaint-api.d.ts';
      const fresh = readFileSync(join(dir.path, file), 'utf8');
      const committed = readFileSync(join(__dirname, '../../examples/typed-client', file), 'utf8');
      expect(committed === fresh ? 'current' : 'stale: run npm run openapi:client').toBe('current');
    } finally {
      dir.remove();
    }
  });
});
