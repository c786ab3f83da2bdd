import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir';

/** The request schemas the service publishes are those its request DTOs say today. */
describe('OpenAPI request metadata', () => {
  it('is current with the request DTOs (else: npm run openapi:metadata)', () => {
    const dir = makeTempDir('openapi-metadata');
    try {
      const script = join(__dirname, '../../scripts/openapi-metadata.ts');
      const run = spawnSync(process.execPath, ['-r', '@swc-node/register', script, '--out', dir.path], {
        encoding: 'utf8',
      });
      expect([run.status, run.stderr]).toEqual([0, '']);
      const file = 'request-metadata.ts';
      const fresh = readFileSync(join(dir.path, file), 'utf8');
      const committed = readFileSync(join(__dirname, '../../apps/api/src/openapi-document', file), 'utf8');
      expect(committed === fresh ? 'current' : 'stale: run npm run openapi:metadata').toBe('current');
    } finally {
      dir.remove();
    }
  });
});
