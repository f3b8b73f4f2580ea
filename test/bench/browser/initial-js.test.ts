import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { initialJsSize, initialScripts } from './initial-js.ts';

describe('initialScripts', () => {
	it.each([
		{
			name: 'vite entry and stylesheet',
			html: '<script type="module" crossorigin src="/assets/index-A.js"></script><link rel="stylesheet" href="/assets/index-B.css">',
			want: ['/assets/index-A.js']
		},
		{
			name: 'modulepreloads in order',
			html: '<script type="module" src="/assets/a.js"></script><link rel="modulepreload" crossorigin href="/assets/b.js"><link rel="icon" href="/favicon.svg">',
			want: ['/assets/a.js', '/assets/b.js']
		},
		{ name: 'no scripts', html: '<div id="app"></div>', want: [] }
	])('$name', ({ html, want }) => {
		expect(initialScripts(html)).toEqual(want);
	});
});

describe('initialJsSize', () => {
	it('sums the gzip sizes of the named files', () => {
		const dist = mkdtempSync(join(tmpdir(), 'initial-js-'));
		mkdirSync(join(dist, 'assets'));
		const a = 'console.log("a");'.repeat(50);
		const b = 'export const b = 1;';
		writeFileSync(join(dist, 'assets/a.js'), a);
		writeFileSync(join(dist, 'assets/b.js'), b);
		writeFileSync(join(dist, 'assets/lazy.js'), 'not counted');
		writeFileSync(
			join(dist, 'index.html'),
			'<script type="module" src="/assets/a.js"></script><link rel="modulepreload" href="/assets/b.js">'
		);
		const size = initialJsSize(dist);
		expect(size.files).toEqual(['/assets/a.js', '/assets/b.js']);
		expect(size.rawBytes).toBe(a.length + b.length);
		const gz = (s: string) => gzipSync(Buffer.from(s), { level: 9 }).length;
		expect(size.gzipBytes).toBe(gz(a) + gz(b));
		expect(size.gzipBytes).toBeLessThan(size.rawBytes);
	});
});
