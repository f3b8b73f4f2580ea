/**
 * Restarting the page's cluster closes the old terminal's shell first: its background jobs
 * (`kubectl port-forward … &`) get SIGHUP before the old cluster stops, as when a terminal
 * closes, instead of holding the old cluster.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/mesh/cluster.ts';
import type { PortForwardRegistry } from '../../../src/shell/port-forward-registry.ts';
import type { Pty } from '../../../src/shell/pty-types.ts';
import { Playground, type Booted } from '../../../src/ui/state/playground.svelte.ts';

function booted(log: string[], name: string): Booted {
	return {
		cluster: {
			dispose: async () => void log.push(`${name}: cluster disposed`)
		} as unknown as Cluster,
		pty: {} as Pty,
		runtimeKind: 'inprocess',
		run: async () => ({ output: '', exitCode: 0 }),
		portForwards: {} as PortForwardRegistry,
		hangup: () => void log.push(`${name}: jobs hung up`)
	};
}

describe('Playground.restart', () => {
	it('hangs up the old shell’s jobs, then stops the old cluster, then boots the new one', async () => {
		const log: string[] = [];
		const playground = new Playground();
		await playground.start(async () => booted(log, 'first'));
		await playground.restart(async () => {
			log.push('second: booting');
			return booted(log, 'second');
		});
		expect(log).toEqual(['first: jobs hung up', 'first: cluster disposed', 'second: booting']);
	});
});
