/**
 * Property tests (fast-check) run on a fixed seed, so every `npm test` checks the same cases
 * and a red run can be replayed. FC_SEED=<integer> explores other cases; a failure prints
 * the seed and path that reproduce it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_123;

function seedFromEnvironment(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${value}"`);
  return seed;
}

fc.configureGlobal({ seed: seedFromEnvironment(process.env.FC_SEED) });
