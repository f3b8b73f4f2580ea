/**
 * coreutils `cut` and `base64` (GNU coreutils 9.1, outputs taken from it): Istio's JWT task
 * decodes a token's payload with `cut -d '.' -f2 - | base64 --decode -`.
 */
import { describe, expect, it } from 'vitest';
import { exec, newSession } from '../harness.ts';

const usage = (cmd: string, message: string): string =>
	`${cmd}: ${message}\nTry '${cmd} --help' for more information.\n`;

describe('cut and base64', () => {
	it.each([
		['echo "a:b:c" | cut -d: -f2', 0, 'b\n'],
		['echo "a:b:c" | cut -d: -f1,3', 0, 'a:c\n'],
		['echo "a:b:c" | cut -d: -f2-', 0, 'b:c\n'],
		['printf "a:b\\nnodelim\\n" | cut -d: -f2', 0, 'b\nnodelim\n'],
		['printf "a:b\\nnodelim\\n" | cut -s -d: -f2', 0, 'b\n'],
		['echo "a:b:c" | cut -d: --complement -f2', 0, 'a:c\n'],
		['echo abcdef | cut -c2-4', 0, 'bcd\n'],
		['echo "a:b" | cut -d: -f0', 1, usage('cut', 'fields are numbered from 1')],
		['echo "a:b" | cut -d:: -f1', 1, usage('cut', 'the delimiter must be a single character')],
		['echo x | cut', 1, usage('cut', 'you must specify a list of bytes, characters, or fields')],
		[
			'echo x | cut -c1 -d:',
			1,
			usage('cut', 'an input delimiter may be specified only when operating on fields')
		],
		['echo hello | base64', 0, 'aGVsbG8K\n'],
		['echo aGVsbG8K | base64 -d', 0, 'hello\n'],
		['echo aGVsbG8 | base64 -d', 1, 'hellobase64: invalid input\n'],
		['echo "aGVs!bG8K" | base64 -d -i', 0, 'hello\n'],
		[
			'printf %s 0123456789012345678901234567890123456789012345678901234567890 | base64',
			0,
			'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2\nNzg5MA==\n'
		],
		['echo hi | base64 -w 0', 0, 'aGkK']
	])('%s', async (line, code, output) => {
		const r = await exec(newSession(), line);
		expect({ code: r.code, output: r.output }).toEqual({ code, output });
	});
});
