/**
 * `kubectl explain`'s template pieces, table-driven from kubectl v0.34
 * pkg/explain/v2/templates/plaintext_test.go (typeGuess cases) and mitchellh/go-wordwrap's
 * WrapString behaviour (the `wrap` template function, pkg/util/term/term_writer.go).
 */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../../src/mesh/api/openapi.ts';
import { renderExplain, typeGuess } from '../../../src/shell/kubectl/explain-render.ts';
import { wrapString } from '../../../src/shell/kubectl/word-wrap.ts';

const CRV = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceValidation';
const doc: OpenApiDocument = {
	components: { schemas: { 'v1.Time': { type: 'string', format: 'date-time' } } }
};

describe('typeGuess (plaintext_test.go)', () => {
	const cases: [string, Record<string, unknown>, string][] = [
		['Scalar', { type: 'string' }, 'string'],
		['True additionalProperties', { type: 'string', additionalProperties: true }, 'string'],
		['PrimitiveRef', { $ref: '#/components/schemas/v1.Time' }, 'string'],
		['ArrayUnknown', { type: 'array' }, 'array'],
		['ObjectTitle', { type: 'object' }, 'Object'],
		['ArrayOfScalar', { type: 'array', items: { type: 'number' } }, '[]number'],
		[
			'ArrayOfAllOfRef',
			{ type: 'array', items: { type: 'object', allOf: [{ $ref: CRV }] } },
			'[]CustomResourceValidation'
		],
		[
			'ArrayOfRef',
			{ type: 'array', items: { type: 'object', $ref: CRV } },
			'[]CustomResourceValidation'
		],
		[
			'ArrayOfMap',
			{ type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } },
			'[]map[string]string'
		],
		[
			'MapOfArrayOfScalar',
			{ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
			'map[string][]string'
		],
		[
			'MapOfRef',
			{ type: 'object', additionalProperties: { type: 'string', allOf: [{ $ref: CRV }] } },
			'map[string]CustomResourceValidation'
		],
		['Unknown', { description: 'a cool field' }, 'Object']
	];
	it.each(cases)('%s', (_name, schema, expected) => {
		expect(typeGuess(schema, doc)).toBe(expected);
	});
});

describe('wrapString (go-wordwrap)', () => {
	const cases: [string, string, number, string][] = [
		['fits', 'foo bar baz', 20, 'foo bar baz'],
		['breaks at the last space before the limit', 'foo bar baz', 10, 'foo bar\nbaz'],
		['keeps newlines', 'foo\nbar baz', 7, 'foo\nbar baz'],
		[
			'never splits a long word',
			'https://example.com/a/very/long/url x',
			10,
			'https://example.com/a/very/long/url\nx'
		],
		['keeps a trailing newline', 'foo bar\n', 80, 'foo bar\n']
	];
	it.each(cases)('%s', (_name, input, limit, expected) => {
		expect(wrapString(input, limit)).toBe(expected);
	});
});

describe('renderExplain', () => {
	const kindDoc: OpenApiDocument = {
		components: {
			schemas: {
				'x.v1.Thing': {
					description: 'Thing is a thing.',
					type: 'object',
					required: ['spec'],
					properties: {
						spec: { description: 'The spec.', allOf: [{ $ref: '#/components/schemas/x.v1.Spec' }] }
					},
					'x-kubernetes-group-version-kind': [{ group: 'x.io', kind: 'Thing', version: 'v1' }]
				},
				'x.v1.Spec': {
					description: 'Spec says what.',
					type: 'object',
					properties: { mode: { type: 'string', enum: ['A', 'B', '', 'C', 'D'] } }
				}
			}
		}
	};
	const target = { group: 'x.io', version: 'v1', kind: 'Thing', gvr: 'x.io/v1, Resource=things' };

	it('prints the kind, its description and fields with -required- and a short enum', () => {
		expect(renderExplain(kindDoc, target, [], false)).toBe(
			'GROUP:      x.io\nKIND:       Thing\nVERSION:    v1\n\nDESCRIPTION:\n    Thing is a thing.\n    \nFIELDS:\n' +
				'  spec\t<Spec> -required-\n    The spec.\n\n\n'
		);
	});
	it('follows a field path and lists an enum in long view', () => {
		expect(renderExplain(kindDoc, target, ['spec', 'mode'], false)).toBe(
			'GROUP:      x.io\nKIND:       Thing\nVERSION:    v1\n\nFIELD: mode <string>\nENUM:\n    A\n    B\n    ""\n    C\n    D\n\nDESCRIPTION:\n    <empty>\n\n'
		);
	});
	it('lists at most four enum values in the short view', () => {
		expect(renderExplain(kindDoc, target, ['spec'], false)).toContain(
			'  mode\t<string>\n  enum: A, B, "", C, ....\n'
		);
	});
	it('names the last field of a path that does not exist', () => {
		expect(() => renderExplain(kindDoc, target, ['spec', 'nope', 'deeper'], false)).toThrow(
			'error: field "deeper" does not exist'
		);
	});
});
