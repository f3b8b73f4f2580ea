/** The embed's in-messages: what is acted on, and why everything else is ignored. */
import { describe, expect, it } from 'vitest';
import {
	MAX_RUN_CHARS,
	envelope,
	isOutEnvelope,
	parseInMessage,
	type InMessage,
	type Ignored
} from '../../src/embed/protocol.ts';

const DOCS = 'https://docs.example.com';
const ALLOWED = [DOCS];
const msg = (fields: Record<string, unknown>): Record<string, unknown> => ({
	source: 'mesh-playground',
	version: 1,
	...fields
});

const cases: {
	name: string;
	data: unknown;
	origin?: string;
	expected: InMessage | Ignored;
}[] = [
	{
		name: 'goto a step',
		data: msg({ type: 'goto', step: 2 }),
		expected: { type: 'goto', step: 2 }
	},
	{
		name: 'reset the lesson',
		data: msg({ type: 'reset', scope: 'lesson' }),
		expected: { type: 'reset', scope: 'lesson' }
	},
	{
		name: 'theme light',
		data: msg({ type: 'theme', theme: 'light' }),
		expected: { type: 'theme', theme: 'light' }
	},
	{
		name: 'run a command, extra fields dropped',
		data: msg({ type: 'run', text: 'kubectl get pods', evil: true }),
		expected: { type: 'run', text: 'kubectl get pods' }
	},
	{ name: 'start', data: msg({ type: 'start' }), expected: { type: 'start' } },
	{
		name: 'visibility',
		data: msg({ type: 'visibility', visible: false }),
		expected: { type: 'visibility', visible: false }
	},
	{
		name: 'another origin',
		data: msg({ type: 'run', text: 'kubectl get pods' }),
		origin: 'https://evil.example',
		expected: { ignored: 'origin' }
	},
	{
		name: 'an origin that only starts like the allowed one',
		data: msg({ type: 'start' }),
		origin: 'https://docs.example.com.evil.example',
		expected: { ignored: 'origin' }
	},
	{ name: 'a string', data: 'start', expected: { ignored: 'not-an-object' } },
	{ name: 'null', data: null, expected: { ignored: 'not-an-object' } },
	{ name: 'an array', data: [1], expected: { ignored: 'not-an-object' } },
	{
		name: 'another source',
		data: { source: 'other', version: 1, type: 'start' },
		expected: { ignored: 'source' }
	},
	{
		name: 'a future version',
		data: msg({ version: 2, type: 'start' }),
		expected: { ignored: 'version' }
	},
	{ name: 'an unknown type', data: msg({ type: 'eval' }), expected: { ignored: 'type' } },
	{ name: 'an out type sent in', data: msg({ type: 'ready' }), expected: { ignored: 'type' } },
	{ name: 'goto step 0', data: msg({ type: 'goto', step: 0 }), expected: { ignored: 'fields' } },
	{
		name: 'goto step 1.5',
		data: msg({ type: 'goto', step: 1.5 }),
		expected: { ignored: 'fields' }
	},
	{
		name: 'goto step as a string',
		data: msg({ type: 'goto', step: '2' }),
		expected: { ignored: 'fields' }
	},
	{
		name: 'reset everything',
		data: msg({ type: 'reset', scope: 'everything' }),
		expected: { ignored: 'fields' }
	},
	{
		name: 'theme sepia',
		data: msg({ type: 'theme', theme: 'sepia' }),
		expected: { ignored: 'fields' }
	},
	{ name: 'run nothing', data: msg({ type: 'run', text: '  ' }), expected: { ignored: 'fields' } },
	{ name: 'run a number', data: msg({ type: 'run', text: 42 }), expected: { ignored: 'fields' } },
	{
		name: 'run a book',
		data: msg({ type: 'run', text: 'x'.repeat(MAX_RUN_CHARS + 1) }),
		expected: { ignored: 'oversized' }
	},
	{
		name: 'visibility as a string',
		data: msg({ type: 'visibility', visible: 'no' }),
		expected: { ignored: 'fields' }
	}
];

describe('parseInMessage', () => {
	for (const c of cases)
		it(c.name, () => {
			expect(parseInMessage(c.data, c.origin ?? DOCS, ALLOWED)).toEqual(c.expected);
		});

	it('accepts nothing when no origin is allowed', () => {
		expect(parseInMessage(msg({ type: 'start' }), DOCS, [])).toEqual({ ignored: 'origin' });
	});
});

describe('envelope', () => {
	it('wraps out-messages with source and version, which the element recognises', () => {
		const out = envelope({ type: 'check', lesson: 'l', step: 1, name: 'n', passed: true });
		expect(out).toEqual({
			source: 'mesh-playground',
			version: 1,
			type: 'check',
			lesson: 'l',
			step: 1,
			name: 'n',
			passed: true
		});
		expect(isOutEnvelope(out)).toBe(true);
		expect(isOutEnvelope({ type: 'check' })).toBe(false);
		expect(isOutEnvelope(null)).toBe(false);
	});
});
