import { fuzzHttpSurface } from './http-fuzz';

/**
 * A bounded run of the HTTP fuzzer in every `npm test` (a new seed each time; a failure
 * prints the seed and path to replay with FUZZ_SEED and `npm run fuzz`). The long run is
 * `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED).
 */
describe('the HTTP surface under random and mutated requests', () => {
  it('never answers 5xx, never writes on a 4xx, and stays healthy', async () => {
    const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
    await fuzzHttpSurface({ numRuns: 1000, seed });
  });
});
