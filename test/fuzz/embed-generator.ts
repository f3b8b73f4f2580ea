/** Messages a hostile or buggy page could post to the embed's window. */
import { MAX_RUN_CHARS } from '../../src/embed/protocol.ts';
import { anyValue, damage, text } from './message-generator.ts';
import { PARENT } from './embed-harness.ts';
import type { Prng } from './prng.ts';

const KEYS = [
	'source',
	'version',
	'type',
	'step',
	'scope',
	'theme',
	'text',
	'visible',
	'__proto__'
];
const TYPES = [
	'goto',
	'reset',
	'theme',
	'run',
	'start',
	'visibility',
	'ready',
	'error',
	'GOTO',
	''
];
const ORIGINS = [
	PARENT,
	'null',
	'https://evil.example',
	'',
	`${PARENT}/`,
	'HTTPS://DOCS.EXAMPLE',
	`${PARENT}:443`,
	'http://docs.example'
];

function valid(rng: Prng): Record<string, unknown> {
	const base = { source: 'mesh-playground', version: 1 };
	switch (rng.int(6)) {
		case 0:
			return { ...base, type: 'goto', step: rng.pick([1, 2, 3, 4, 1000, 1001, 0]) };
		case 1:
			return { ...base, type: 'reset', scope: rng.pick(['step', 'lesson', 'mesh']) };
		case 2:
			return { ...base, type: 'theme', theme: rng.pick(['light', 'dark', 'auto']) };
		case 3:
			return {
				...base,
				type: 'run',
				text: rng.pick([
					'kubectl get pods',
					'x'.repeat(MAX_RUN_CHARS),
					'x'.repeat(MAX_RUN_CHARS + 1),
					' ',
					'ls\nls'
				])
			};
		case 4:
			return { ...base, type: 'start' };
		default:
			return { ...base, type: 'visibility', visible: rng.chance(0.5) };
	}
}

export function embedMessage(rng: Prng): { label: string; data: unknown; origin: string } {
	const origin = rng.chance(0.8) ? PARENT : rng.pick(ORIGINS);
	return rng.weighted<() => { label: string; data: unknown; origin: string }>([
		[3, () => ({ label: 'valid', data: valid(rng), origin })],
		[5, () => ({ label: 'damaged', data: damage(rng, valid(rng), KEYS), origin })],
		[
			1,
			() => ({
				label: 'type',
				data: {
					source: 'mesh-playground',
					version: 1,
					type: rng.chance(0.5) ? rng.pick(TYPES) : text(rng)
				},
				origin
			})
		],
		[2, () => ({ label: 'any', data: anyValue(rng, 3, KEYS), origin })]
	])();
}
