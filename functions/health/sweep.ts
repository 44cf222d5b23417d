import { sweepStuck as sweep } from '../../application/health/sweep-stuck';
import type { HealthPlane } from './check';

/** Ends lifecycle steps nobody is running any more (application/health/sweep-stuck). */
export const sweepStuck = (plane: HealthPlane, staleAfterMs?: number) => sweep(plane, staleAfterMs);
