/**
 * The cluster's random streams, split in two phases. kind made its add-ons (coredns, kindnet,
 * kube-proxy, the static pods, local-path-provisioner) before the learner arrived; while the
 * cluster boots them, every stream forked from this one draws from a twin of its own, so the
 * names, uids and container ids of everything made afterwards are those a cluster without
 * add-ons would draw, and each seed keeps its transcript.
 */
import { createRng, type Rng } from '../random.ts';

export interface BootPhase {
	/** True while kind's add-ons are being created and started. */
	readonly booting: boolean;
	/** Starts the boot: draws go to the twin streams. */
	begin(): void;
	/** Ends the boot: every stream draws from its own sequence again. */
	end(): void;
}

function phased(main: Rng, boot: Rng, phase: { booting: boolean }): Rng {
	const now = (): Rng => (phase.booting ? boot : main);
	return {
		next: () => now().next(),
		int: (n) => now().int(n),
		fork: (label) => phased(main.fork(label), boot.fork(label), phase)
	};
}

/** The cluster's root Rng for `seed`, and the phase that routes its draws (not booting at first). */
export function createBootRng(seed: number): { rng: Rng; phase: BootPhase } {
	const state = { booting: false };
	const rng = phased(createRng(seed), createRng(seed).fork('kind-boot'), state);
	const phase: BootPhase = {
		get booting() {
			return state.booting;
		},
		begin() {
			state.booting = true;
		},
		end() {
			state.booting = false;
		}
	};
	return { rng, phase };
}
