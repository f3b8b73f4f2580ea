/**
 * Istio's own validation rules as `istioctl validate` runs them, table-tested against the cases of
 * pkg/config/validation/validation_test.go and agent/validation_test.go (1.30.3):
 * TestValidateWildcardDomain, TestValidateVirtualService, TestValidateDestinationRule.
 */
import { describe, expect, it } from 'vitest';
import { istioRules, wildcardDomain } from '../../../src/shell/istioctl/validate/rules.ts';

describe('wildcardDomain (agent.ValidateWildcardDomain)', () => {
	it.each([
		['empty', '', 'empty domain name not allowed'],
		['too long', 'x'.repeat(256), `domain name "${'x'.repeat(256)}" too long (max 255)`],
		['happy', 'foo.bar.com', undefined],
		['wildcard', '*.com', undefined],
		['wildcard prefix', '*foo.bar.com', undefined],
		['wildcard only', '*', undefined],
		['bad wildcard', '*-foo.bar.com', undefined],
		[
			'wildcard in middle',
			'foo.*.com', // ValidateDNS1123Labels names the rest after the first label, not the whole domain
			'domain name "*.com" invalid (label "*" invalid)'
		],
		['underscore', 'foo_bar.com', 'domain name "foo_bar.com" invalid (label "foo_bar" invalid)'],
		[
			'numeric tld',
			'foo.123',
			'domain name "123" invalid (top level domain "123" cannot be all-numeric)'
		],
		['trailing dot', 'istio.io.', undefined],
		[
			'wildcard not first',
			'foo*.bar.com',
			'domain name "foo*.bar.com" invalid (label "foo*" invalid)'
		],
		[
			'IP address',
			'1.1.1.1',
			'domain name "1.1.1" invalid (top level domain "1" cannot be all-numeric)'
		]
	])('%s', (_name, domain, want) => {
		expect(wildcardDomain(domain)).toBe(want);
	});
});

describe('istioRules', () => {
	const route = (dest: Record<string, unknown>, weight?: number) => ({
		destination: dest,
		...(weight === undefined ? {} : { weight })
	});
	it.each([
		[
			'no routes',
			'VirtualService',
			{ hosts: ['reviews'] },
			['http, tcp or tls must be provided in virtual service']
		],
		[
			'happy',
			'VirtualService',
			{ hosts: ['reviews'], http: [{ route: [route({ host: 'reviews' })] }] },
			[]
		],
		[
			'negative weight',
			'VirtualService',
			{ hosts: ['reviews'], http: [{ route: [route({ host: 'reviews' }, -15)] }] },
			['weight -15 < 0']
		],
		[
			'weights sum to zero',
			'VirtualService',
			{
				hosts: ['reviews'],
				http: [{ route: [route({ host: 'a' }, 0), route({ host: 'b' }, 0)] }]
			},
			['total destination weight = 0']
		],
		[
			'mesh wildcard',
			'VirtualService',
			{ hosts: ['*'], tcp: [{ route: [route({ host: 'a' })] }] },
			['wildcard host * is not allowed for virtual services bound to the mesh gateway']
		],
		[
			'duplicate hosts',
			'VirtualService',
			{ hosts: ['*.foo.com', 'bar.foo.com'], http: [{ route: [route({ host: 'a' })] }] },
			['duplicate hosts in virtual service: *.foo.com & bar.foo.com']
		],
		[
			'delegate with gateways',
			'VirtualService',
			{ gateways: ['gw'], http: [{ route: [route({ host: 'a' })] }] },
			['delegate virtual service must have no gateways specified']
		],
		[
			'bad subset and wildcard destination',
			'VirtualService',
			{ hosts: ['r'], http: [{ route: [route({ host: '*', subset: 'V_1' })] }] },
			['invalid destination host *', 'subset name is invalid: V_1']
		],
		['tcp without route', 'VirtualService', { hosts: ['r'], tcp: [{}] }, ['TCP route is required']],
		[
			'duplicate subsets',
			'DestinationRule',
			{ host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v1' }] },
			['duplicate subset names: v1']
		],
		[
			'empty traffic policy',
			'DestinationRule',
			{ host: 'reviews', trafficPolicy: {} },
			['traffic policy must have at least one field']
		],
		['gateway without servers', 'Gateway', {}, ['gateway must have at least one server']],
		[
			'server without hosts',
			'Gateway',
			{ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] },
			['server config must contain at least one host']
		],
		['kinds without rules here', 'Sidecar', {}, []]
	])('%s', (_name, kind, spec, want) => {
		expect(istioRules(kind, 'gw', spec).errors).toEqual(want);
	});

	it('warns on the deprecated consecutiveErrors', () => {
		const r = istioRules('DestinationRule', 'dr', {
			host: 'reviews',
			trafficPolicy: { outlierDetection: { consecutiveErrors: 7 } }
		});
		expect(r).toEqual({
			errors: [],
			warnings: [
				'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead'
			]
		});
	});
});
