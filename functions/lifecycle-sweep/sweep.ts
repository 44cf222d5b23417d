import { type SweepDeps, sweepStuck as sweep } from '../../application/health/sweep-stuck';

/** Ends lifecycle steps nobody is running any more (application/health/sweep-stuck). */
export const sweepStuck = (plane: SweepDeps, staleAfterMs?: number) => sweep(plane, staleAfterMs);
