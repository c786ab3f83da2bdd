/**
 * Writes examples/typed-client/complaint-api.d.ts: the TypeScript types of the OpenAPI
 * document (openapi-typescript), for a typed client such as openapi-fetch (docs/openapi.md).
 *
 *   npm run openapi:client                      # from a service started here (needs Redis)
 *   npm run openapi:client -- --from URL        # from a running service's /docs-json
 *   ... --document FILE --out DIR               # from a saved document (the test's way)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

const ROOT = resolve(__dirname, '..');
export const CLIENT_DIR = join(ROOT, 'examples/typed-client');
export const CLIENT_TYPES_FILE = 'complaint-api.d.ts';

const HEADER =
  '// Generated from the OpenAPI document by `npm run openapi:client` (scripts/openapi-client.ts): do not edit.\n';

/** The types of `document` as a formatted TypeScript declaration file. */
export async function clientTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  const options = await resolveConfig(join(ROOT, 'package.json'));
  return format(HEADER + astToString(ast), { ...options, parser: 'typescript' });
}

async function documentFrom(args: string[]): Promise<object> {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const file = option('--document');
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as object;
  const from = option('--from');
  if (from) return (await (await fetch(from)).json()) as object;
  // No service given: start one on a throwaway data directory, as the tests do.
  const { startTestApp } = await import('../test/support/test-app');
  const service = await startTestApp();
  try {
    return (await (await fetch(`${service.url}/docs-json`)).json()) as object;
  } finally {
    await service.stop();
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : CLIENT_DIR;
  documentFrom(args)
    .then(clientTypes)
    .then((types) => {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, CLIENT_TYPES_FILE), types);
      console.log(`Wrote ${join(out, CLIENT_TYPES_FILE)}`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
