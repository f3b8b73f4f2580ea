/**
 * Field selectors (`--field-selector status.phase=Running`), mirroring apimachinery
 * `fields/selector.go` parsing and the per-kind field sets the real registry supports.
 */
import type { ResourceType } from './api-server.ts';
import type { KubeObject } from './objects.ts';

export interface FieldRequirement {
	readonly field: string;
	readonly operator: '=' | '!=';
	readonly value: string;
}

const POD_FIELDS = [
	'spec.nodeName',
	'spec.restartPolicy',
	'spec.schedulerName',
	'spec.serviceAccountName',
	'spec.hostNetwork',
	'status.phase',
	'status.podIP',
	'status.nominatedNodeName'
];

/** pkg/registry/core/event/strategy.go ToSelectableFields. */
const EVENT_FIELDS = [
	'involvedObject.kind',
	'involvedObject.namespace',
	'involvedObject.name',
	'involvedObject.uid',
	'involvedObject.apiVersion',
	'involvedObject.resourceVersion',
	'involvedObject.fieldPath',
	'reason',
	'reportingComponent',
	'source',
	'type'
];

/** The fields each kind can be selected on, beyond metadata.name and metadata.namespace. */
function supportedFields(type: ResourceType): string[] {
	const base = ['metadata.name', 'metadata.namespace'];
	if (type.group !== '') return base;
	switch (type.kind) {
		case 'Pod':
			return [...base, ...POD_FIELDS];
		case 'Namespace':
			return [...base, 'status.phase'];
		case 'Node':
			return [...base, 'spec.unschedulable'];
		case 'Secret':
			return [...base, 'type'];
		case 'Event':
			return [...base, ...EVENT_FIELDS];
		default:
			return base;
	}
}

function splitTerms(s: string): string[] {
	const terms: string[] = [];
	let cur = '';
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (ch === '\\' && i + 1 < s.length) {
			cur += s[++i];
		} else if (ch === ',') {
			terms.push(cur);
			cur = '';
		} else cur += ch;
	}
	terms.push(cur);
	return terms;
}

/** Parses and checks fields; errors carry the server's wording (without the "Unable to find" prefix). */
export function parseFieldSelector(
	s: string,
	type: ResourceType
): FieldRequirement[] | { error: string } {
	const reqs: FieldRequirement[] = [];
	if (s.trim() === '') return reqs;
	for (const term of splitTerms(s)) {
		if (term === '') continue;
		let req: FieldRequirement | undefined;
		for (const op of ['!=', '==', '='] as const) {
			const at = term.indexOf(op);
			if (at >= 0) {
				req = {
					field: term.slice(0, at).trim(),
					operator: op === '!=' ? '!=' : '=',
					value: term.slice(at + op.length).trim()
				};
				break;
			}
		}
		if (!req) return { error: `invalid selector: '${s}'; can't understand '${term}'` };
		if (!supportedFields(type).includes(req.field))
			return { error: `field label not supported: ${req.field}` };
		reqs.push(req);
	}
	return reqs;
}

function fieldValue(obj: KubeObject, field: string): string {
	// An Event's `source` field is its source component, else its reporting controller.
	if (obj.kind === 'Event' && field === 'source')
		return fieldValue(obj, 'source.component') || fieldValue(obj, 'reportingComponent');
	let cur: unknown = obj;
	for (const part of field.split('.')) {
		if (typeof cur !== 'object' || cur === null) return '';
		cur = (cur as Record<string, unknown>)[part];
	}
	if (cur === undefined || cur === null) return '';
	return String(cur);
}

export function fieldsMatch(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
	return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.operator === '='));
}
