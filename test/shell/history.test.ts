import { describe, expect, it } from 'vitest';
import { createHistory } from '../../src/shell/history.ts';

describe('history', () => {
	it('skips blanks and consecutive duplicates, saves after each change', () => {
		const saved: string[][] = [];
		const h = createHistory({ load: () => ['old'], save: (e) => saved.push([...e]) });
		h.add('a');
		h.add('a');
		h.add('  ');
		h.add('b');
		expect(h.entries).toEqual(['old', 'a', 'b']);
		expect(saved.at(-1)).toEqual(['old', 'a', 'b']);
		h.clear();
		expect(saved.at(-1)).toEqual([]);
	});

	it('keeps the last `max` entries', () => {
		const h = createHistory({ max: 2 });
		for (const l of ['1', '2', '3']) h.add(l);
		expect(h.entries).toEqual(['2', '3']);
	});

	it('survives a store that throws', () => {
		const h = createHistory({
			load: () => {
				throw new Error('blocked');
			},
			save: () => {
				throw new Error('full');
			}
		});
		h.add('x');
		expect(h.entries).toEqual(['x']);
	});
});
