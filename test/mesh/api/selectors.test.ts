import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { PODS, SERVICES } from '../../../src/mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import {
	matchesAll,
	parseLabelSelector,
	selectorMatches
} from '../../../src/mesh/api/selectors.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

const LABELS: Record<string, Record<string, string>> = {
	'productpage-v1': { app: 'productpage', version: 'v1' },
	'reviews-v1': { app: 'reviews', version: 'v1' },
	'reviews-v2': { app: 'reviews', version: 'v2', canary: 'true' },
	'reviews-v3': { app: 'reviews', version: 'v3' },
	plain: {}
};

function select(selector: string): string[] | string {
	const reqs = parseLabelSelector(selector);
	if (!Array.isArray(reqs)) return reqs.error;
	return Object.entries(LABELS)
		.filter(([, labels]) => matchesAll(reqs, labels))
		.map(([name]) => name);
}

describe('label selectors (-l)', () => {
	it.each<[string, string[]]>([
		['app=reviews', ['reviews-v1', 'reviews-v2', 'reviews-v3']],
		['app==reviews', ['reviews-v1', 'reviews-v2', 'reviews-v3']],
		['app=reviews,version!=v2', ['reviews-v1', 'reviews-v3']],
		['app != reviews', ['productpage-v1', 'plain']],
		['version in (v1, v3)', ['productpage-v1', 'reviews-v1', 'reviews-v3']],
		['version notin (v1,v3)', ['reviews-v2', 'plain']],
		['canary', ['reviews-v2']],
		['!canary', ['productpage-v1', 'reviews-v1', 'reviews-v3', 'plain']],
		['app=reviews,!canary', ['reviews-v1', 'reviews-v3']],
		['app in (reviews),version in (v2)', ['reviews-v2']],
		['app=', []],
		['app in ()', []],
		['', ['productpage-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'plain']],
		['app=ratings', []]
	])('%s selects %j', (selector, expected) => {
		expect(select(selector)).toEqual(expected);
	});

	it.each<[string, string]>([
		['app in', "unable to parse requirement: found '' expected: '('"],
		['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
		['app=a b', "found 'b', expected: ',' or 'end of string'"],
		['app=a,', "found '', expected: identifier after ','"],
		['=a', "found '=', expected: !, identifier, or 'end of string'"],
		['app foo', "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt"],
		['app=(a)', "unable to parse requirement: found '(', expected: identifier"],
		[
			'bad key=x',
			"unable to parse requirement: found 'key', expected: in, notin, =, ==, !=, gt, lt"
		],
		[
			'app=a@b',
			"unable to parse requirement: [app]: Invalid value: \"a@b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
		]
	])('%s is an error: %s', (selector, expected) => {
		expect(select(selector)).toBe(expected);
	});

	it.each<[Record<string, unknown>, string[]]>([
		[{ matchLabels: { app: 'reviews' } }, ['reviews-v1', 'reviews-v2', 'reviews-v3']],
		[
			{ matchExpressions: [{ key: 'version', operator: 'In', values: ['v1'] }] },
			['productpage-v1', 'reviews-v1']
		],
		[
			{ matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] },
			['reviews-v2', 'reviews-v3', 'plain']
		],
		[{ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, ['reviews-v2']],
		[
			{
				matchLabels: { app: 'reviews' },
				matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }]
			},
			['reviews-v1', 'reviews-v3']
		],
		[{}, ['productpage-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'plain']]
	])('LabelSelector %j selects %j', (selector, expected) => {
		const names = Object.entries(LABELS)
			.filter(([, labels]) => selectorMatches(selector, labels))
			.map(([n]) => n);
		expect(names).toEqual(expected);
	});
});

describe('list with selectors', () => {
	function server() {
		const api = createApiServer({ rng: createRng(1), now: () => ms(0) });
		bootstrapApi(api);
		for (const [name, labels] of Object.entries(LABELS))
			api.create({
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: { name, labels } as KubeObject['metadata'],
				spec: {
					containers: [{ name: 'c', image: 'i' }],
					...(name.startsWith('reviews') ? { nodeName: 'ambient-worker' } : {})
				}
			});
		return api;
	}
	const names = (r: unknown) =>
		isApiError(r) ? formatApiError(r) : (r as KubeObject[]).map((o) => o.metadata.name);

	it.each<
		[{ labelSelector?: string; fieldSelector?: string; namespace?: string }, string[] | string]
	>([
		[
			{ labelSelector: 'app=reviews', fieldSelector: 'metadata.name!=reviews-v1' },
			['reviews-v2', 'reviews-v3']
		],
		[{ fieldSelector: 'metadata.name=plain' }, ['plain']],
		[{ fieldSelector: 'spec.nodeName=ambient-worker,metadata.name==reviews-v3' }, ['reviews-v3']],
		[{ fieldSelector: 'spec.nodeName=' }, ['plain', 'productpage-v1']],
		[
			{ fieldSelector: 'status.phase=Pending' },
			['plain', 'productpage-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']
		],
		[{ fieldSelector: 'metadata.namespace=default', namespace: 'kube-system' }, []],
		[
			{ labelSelector: 'app in' },
			"Error from server (BadRequest): unable to parse requirement: found '' expected: '('"
		],
		[
			{ fieldSelector: 'spec.foo=bar' },
			'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo'
		],
		[
			{ fieldSelector: 'status.phase' },
			'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "status.phase": invalid selector: \'status.phase\'; can\'t understand \'status.phase\''
		]
	])('%j → %j', (options, expected) => {
		expect(names(server().list(PODS, options))).toEqual(expected);
	});

	it('services support only metadata fields', () => {
		expect(names(server().list(SERVICES, { fieldSelector: 'spec.clusterIP=10.96.0.1' }))).toBe(
			'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "", field selector "spec.clusterIP=10.96.0.1": field label not supported: spec.clusterIP'
		);
	});
});
