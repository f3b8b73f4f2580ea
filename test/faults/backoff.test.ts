/** kubelet's crash-loop back-off schedule, table-driven: 10 s doubling to a 5 min cap, reset after 10 min. */
import { describe, expect, it } from 'vitest';
import { ContainerBackoff, goDuration } from '../../src/mesh/cluster/backoff.ts';
import { ms } from '../../src/mesh/types.ts';

describe('container back-off', () => {
	it('first restart at once, then 10s 20s 40s 1m20s 2m40s 5m0s 5m0s', () => {
		const b = new ContainerBackoff();
		let t = 0;
		const waits: string[] = [];
		for (let crash = 0; crash < 8; crash++) {
			const wait = b.delay('p/c', ms(t), ms(t));
			waits.push(wait === 0 ? 'now' : goDuration(wait));
			t += wait;
			b.next('p/c', ms(t));
			t += 2000; // runs 2 s, dies again
		}
		expect(waits).toEqual(['now', '10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
	});

	it('a container that ran for more than 10 min starts over at once, then 10 s', () => {
		const b = new ContainerBackoff();
		b.next('p/c', ms(0));
		b.next('p/c', ms(10_000));
		expect(b.current('p/c')).toBe(20_000);
		const died = ms(10_000 + 600_001);
		expect(b.delay('p/c', died, died)).toBe(0);
		b.next('p/c', died);
		expect(b.current('p/c')).toBe(10_000);
	});

	it('time already spent since the death counts against the back-off', () => {
		const b = new ContainerBackoff();
		b.next('p/c', ms(0));
		expect(b.delay('p/c', ms(5000), ms(8000))).toBe(7000);
		b.forget('p/');
		expect(b.delay('p/c', ms(5000), ms(8000))).toBe(0);
	});
});
