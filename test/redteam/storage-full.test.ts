/** Issue 18 (red team), Low: with storage full, the speed slider threw. */
import { describe, expect, it } from 'vitest';
import { AnimationSpeed } from '../../src/ui/step/animation-speed.svelte.ts';

describe('storage full', () => {
	it('the animation speed still changes when saving it fails', () => {
		const full = {
			getItem: () => null,
			setItem: () => {
				throw new DOMException('quota', 'QuotaExceededError');
			}
		};
		const speed = new AnimationSpeed(full);
		const before = speed.value;
		speed.index = 0;
		expect(speed.index).toBe(0);
		expect(speed.value).not.toBe(before);
	});
});
