import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README shows the typed-client example that tsc checks and the tests run, unchanged. */
describe('the README', () => {
  it('shows examples/typed-client/typed-client.ts as it is', () => {
    const root = join(__dirname, '../..');
    const doc = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    const file = readFileSync(join(root, 'examples/typed-client/typed-client.ts'), 'utf8');
    const code = file.slice(file.indexOf('import createClient'));
    expect(shown).toContain(code);
  });
});
