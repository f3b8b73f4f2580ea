import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import { manifestSchema, schemaFor } from '../../../src/ui/editor/schemas/index.ts';

const validate = new Ajv({ strict: false, allErrors: true }).compile(manifestSchema());

function errorsOf(doc: unknown): string[] {
	return validate(doc)
		? []
		: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Every object in the sample manifests we describe, with its file and kind. */
const sampleObjects = Object.entries(SAMPLE_FILES)
	.filter(([path]) => path.endsWith('.yaml') && path.startsWith('samples/'))
	.flatMap(([path, text]) =>
		parseAllDocuments(text)
			.map((d) => d.toJS() as { apiVersion?: string; kind?: string } | null)
			.filter(
				(o): o is { apiVersion: string; kind: string } => !!o && !!schemaFor(o.apiVersion, o.kind)
			)
			.map((o) => ({ path, kind: o.kind, object: o }))
	);

describe('editor schemas', () => {
	it('cover the samples (Service, ServiceAccount, Deployment, Gateway, HTTPRoute …)', () => {
		const kinds = new Set(sampleObjects.map((s) => s.kind));
		for (const k of ['Service', 'ServiceAccount', 'Deployment', 'Gateway', 'HTTPRoute'])
			expect(kinds).toContain(k);
	});

	it.each(sampleObjects.map((s) => [`${s.path} ${s.kind}`, s.object] as const))(
		'accept %s',
		(_, object) => {
			expect(errorsOf(object)).toEqual([]);
		}
	);

	it.each([
		{
			name: 'a misspelt field',
			doc: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { prots: [] } },
			error: /must NOT have additional properties/
		},
		{
			name: 'a wrong type',
			doc: {
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				metadata: { name: 'a' },
				spec: { replicas: 'two' }
			},
			error: /\/spec\/replicas must be integer/
		},
		{
			name: 'an unknown policy action',
			doc: {
				apiVersion: 'security.istio.io/v1',
				kind: 'AuthorizationPolicy',
				metadata: { name: 'a' },
				spec: { action: 'REJECT' }
			},
			error: /\/spec\/action must be equal to one of the allowed values/
		},
		{
			name: 'an mTLS mode that does not exist',
			doc: {
				apiVersion: 'security.istio.io/v1beta1',
				kind: 'PeerAuthentication',
				metadata: { name: 'a' },
				spec: { mtls: { mode: 'STRICTER' } }
			},
			error: /\/spec\/mtls\/mode must be equal to one of the allowed values/
		},
		{
			name: 'no kind',
			doc: { apiVersion: 'v1', metadata: { name: 'a' } },
			error: /must have required property 'kind'/
		}
	])('reject $name', ({ doc, error }) => {
		expect(errorsOf(doc).join('\n')).toMatch(error);
	});

	it.each([
		{ apiVersion: 'v1', kind: 'Pod', found: true },
		{ apiVersion: 'networking.istio.io/v1alpha3', kind: 'VirtualService', found: true },
		{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', found: false },
		{ apiVersion: 'v1', kind: 'Secret', found: false }
	])('select a schema for $apiVersion $kind: $found', ({ apiVersion, kind, found }) => {
		expect(schemaFor(apiVersion, kind) !== undefined).toBe(found);
	});
});
