/**
 * coreutils `base64`: encode (lines wrapped at 76 columns, `-w 0` for none) or `-d` decode,
 * ignoring newlines; `-i` skips other non-alphabet characters. Text in and out is UTF-8 (the
 * shell's streams are text): decoded bytes that are not UTF-8 come out as U+FFFD. A decode that
 * meets bad input prints what it decoded so far, then `base64: invalid input` (exit 1).
 */
import { has, lastValue, parseOpts, usageError } from './getopt.ts';
import { readInputs } from './inputs.ts';
import type { Builtin } from './types.ts';
import { encodeBase64 } from '../../mesh/base64.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The bytes of `text`, and whether all of it was valid (padding may end it, or nothing). */
export function decodeBase64(
	text: string,
	ignoreGarbage: boolean
): { bytes: Uint8Array; valid: boolean } {
	const out: number[] = [];
	let value = 0;
	let bits = 0;
	let valid = true;
	let padded = false;
	let count = 0;
	for (const c of text) {
		if (c === '\n') continue;
		if (c === '=') {
			padded = true;
			count++;
			continue;
		}
		const v = INDEX.get(c);
		if (v === undefined || padded) {
			if (ignoreGarbage && v === undefined) continue;
			valid = false;
			break;
		}
		count++;
		value = ((value << 6) | v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out.push((value >> bits) & 0xff);
		}
	}
	// Groups of four characters (padding included), as coreutils requires.
	if (valid && count % 4 !== 0) valid = false;
	return { bytes: Uint8Array.from(out), valid };
}

export const base64: Builtin = {
	name: 'base64',
	summary: 'Base64 encode/decode data and print to standard output',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'di',
			withArg: 'w',
			long: {
				decode: { key: 'd' },
				'ignore-garbage': { key: 'i' },
				wrap: { key: 'w', arg: true }
			}
		});
		if ('error' in p) return usageError(io, 'base64', p.error, 1);
		if (p.operands.length > 1)
			return usageError(io, 'base64', `extra operand '${p.operands[1]}'`, 1);
		const wrapText = lastValue(p, 'w') ?? '76';
		if (!/^\d+$/.test(wrapText)) {
			io.stderr(`base64: invalid wrap size: '${wrapText}'\n`);
			return 1;
		}
		const { inputs, ok } = readInputs('base64', p.operands, io, ctx.vfs);
		if (!ok) return 1;
		const text = inputs[0]?.text ?? '';
		if (has(p, 'd')) {
			const { bytes, valid } = decodeBase64(text, has(p, 'i'));
			io.stdout(new TextDecoder().decode(bytes));
			if (!valid) {
				io.stderr('base64: invalid input\n');
				return 1;
			}
			return 0;
		}
		const encoded = encodeBase64(new TextEncoder().encode(text));
		const wrap = Number(wrapText);
		if (wrap === 0) {
			io.stdout(encoded);
			return 0;
		}
		let out = '';
		for (let i = 0; i < encoded.length; i += wrap) out += encoded.slice(i, i + wrap) + '\n';
		io.stdout(out);
		return 0;
	}
};
