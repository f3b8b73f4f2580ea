/**
 * Where a proxy draws new trace ids from. A page restarts its cluster with the same seed (same pod
 * names, same routing draws), so without a salt the new cluster would hand out the old one's trace
 * ids and the Traces view would merge new requests into old traces. Each restart is a new
 * generation with its own fork; generation 0 keeps the host's own sequence, so golden transcripts
 * and lesson replays stay as they were.
 */
import type { Rng } from '../random.ts';

export function traceRng(rng: Rng, generation: number | undefined): Rng {
	return generation ? rng.fork(`trace-generation-${generation}`) : rng;
}
