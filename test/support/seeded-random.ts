/** Deterministic random numbers in [0, 1) (mulberry32), so a failing case can be replayed from its seed. */
export { seeded } from '@cl/domain';
