import { describe, expect, it } from 'vitest';
import {
	ALPHANUMS,
	podTemplateHash,
	randomSuffix,
	safeEncodeString
} from '../../../src/mesh/cluster/names.ts';
import { normalizeImage } from '../../../src/mesh/cluster/pod-status.ts';
import { intOrPercent } from '../../../src/mesh/cluster/deployment-util.ts';
import { createRng } from '../../../src/mesh/random.ts';

describe('generated names', () => {
	it('encode decimal digits the way apimachinery SafeEncodeString does', () => {
		expect(safeEncodeString('0123456789')).toBe('456789bcdf');
	});

	it('hash a template to 9-10 safe characters, stable and sensitive to the template', () => {
		const t = {
			metadata: { labels: { app: 'x' } },
			spec: { containers: [{ name: 'a', image: 'b' }] }
		};
		const h = podTemplateHash(t);
		expect(h).toMatch(/^[4-9bcdf]{9,10}$/);
		expect(podTemplateHash(structuredClone(t))).toBe(h);
		expect(
			podTemplateHash({
				...t,
				metadata: { ...t.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } }
			})
		).not.toBe(h);
	});

	it('draw 5-character pod suffixes from the safe alphabet, repeatably', () => {
		const a = Array.from({ length: 20 }, (_, i) => randomSuffix(createRng(i)));
		for (const s of a)
			expect([...s].every((ch) => ALPHANUMS.includes(ch)) && s.length === 5).toBe(true);
		expect(Array.from({ length: 20 }, (_, i) => randomSuffix(createRng(i)))).toEqual(a);
	});
});

describe('helpers', () => {
	it.each([
		['nginx', 'docker.io/library/nginx:latest'],
		['nginx:1.27', 'docker.io/library/nginx:1.27'],
		['curlimages/curl', 'docker.io/curlimages/curl:latest'],
		[
			'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
			'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2'
		],
		['gcr.io/istio-release/pilot:1.27.0', 'gcr.io/istio-release/pilot:1.27.0'],
		['localhost:5000/app', 'localhost:5000/app:latest']
	])('normalizeImage(%s) is %s', (image, full) => {
		expect(normalizeImage(image)).toBe(full);
	});

	it.each<[unknown, number, boolean, number]>([
		['25%', 1, true, 1],
		['25%', 1, false, 0],
		['25%', 10, true, 3],
		['25%', 10, false, 2],
		[2, 10, true, 2],
		['3', 10, false, 3]
	])('intOrPercent(%j of %d, up=%j) is %d', (v, total, up, expected) => {
		expect(intOrPercent(v, total, up)).toBe(expected);
	});
});
