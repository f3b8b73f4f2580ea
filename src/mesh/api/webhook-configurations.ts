/**
 * admissionregistration.k8s.io/v1 Mutating- and ValidatingWebhookConfiguration, as the API server
 * stores them: the defaults of pkg/apis/admissionregistration/v1/defaults.go (failurePolicy Fail,
 * matchPolicy Equivalent, empty selectors, timeoutSeconds 10, a mutating webhook's
 * reinvocationPolicy Never, a rule's scope `*`, a service reference's port 443), then the checks
 * of pkg/apis/admissionregistration/validation ValidateMutating/ValidatingWebhookConfiguration
 * (v1: sideEffects None or NoneOnDryRun and admissionReviewVersions are required), in its order
 * and words. `webhooks` is omitempty: an empty list is not stored.
 */
import { isPlainObject } from './deep.ts';
import { duplicate, invalid, notSupported, required, type FieldError } from './field-errors.ts';
import { validateLabelSelector } from './validate-networkpolicy.ts';

type Obj = Record<string, unknown>;
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function setDefault(o: Obj, key: string, value: unknown): void {
	if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** SetDefaults_MutatingWebhook / _ValidatingWebhook, _Rule and _ServiceReference. */
export function defaultWebhookConfiguration(o: Obj, mutating: boolean): void {
	if (Array.isArray(o['webhooks']) && o['webhooks'].length === 0) delete o['webhooks'];
	for (const w of asArray(o['webhooks'])) {
		if (!isPlainObject(w)) continue;
		setDefault(w, 'failurePolicy', 'Fail');
		setDefault(w, 'matchPolicy', 'Equivalent');
		setDefault(w, 'namespaceSelector', {});
		setDefault(w, 'objectSelector', {});
		setDefault(w, 'timeoutSeconds', 10);
		if (mutating) setDefault(w, 'reinvocationPolicy', 'Never');
		for (const r of asArray(w['rules'])) if (isPlainObject(r)) setDefault(r, 'scope', '*');
		const cc = w['clientConfig'];
		if (isPlainObject(cc) && isPlainObject(cc['service'])) setDefault(cc['service'], 'port', 443);
	}
}

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** utilvalidation IsFullyQualifiedName: a DNS subdomain of at least three segments. */
function fullyQualified(path: string, name: unknown): FieldError[] {
	const s = typeof name === 'string' ? name : '';
	if (s === '') return [required(path, '')];
	if (
		!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s) ||
		s.length > 253
	)
		return [
			invalid(
				path,
				s,
				"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
			)
		];
	if (s.split('.').length < 3)
		return [invalid(path, s, 'should be a domain with at least three segments separated by dots')];
	return [];
}

function oneOf(path: string, value: unknown, allowed: readonly string[]): FieldError[] {
	return value !== undefined && !allowed.includes(String(value))
		? [notSupported(path, String(value), allowed)]
		: [];
}

function validateRule(r: unknown, path: string): FieldError[] {
	const rule = isPlainObject(r) ? r : {};
	const errs: FieldError[] = [];
	for (const key of ['operations', 'apiGroups', 'apiVersions', 'resources'])
		if (asArray(rule[key]).length === 0) errs.push(required(`${path}.${key}`, ''));
	errs.push(...oneOf(`${path}.scope`, rule['scope'], SCOPES));
	return errs;
}

function validateWebhook(w: Obj, path: string, mutating: boolean): FieldError[] {
	const errs = fullyQualified(`${path}.name`, w['name']);
	asArray(w['rules']).forEach((r, i) => errs.push(...validateRule(r, `${path}.rules[${i}]`)));
	errs.push(...oneOf(`${path}.failurePolicy`, w['failurePolicy'], FAILURE_POLICIES));
	errs.push(...oneOf(`${path}.matchPolicy`, w['matchPolicy'], MATCH_POLICIES));
	if (w['sideEffects'] === undefined || w['sideEffects'] === null)
		errs.push(required(`${path}.sideEffects`, `must specify one of ${SIDE_EFFECTS.join(', ')}`));
	else errs.push(...oneOf(`${path}.sideEffects`, w['sideEffects'], SIDE_EFFECTS));
	const timeout = w['timeoutSeconds'];
	if (typeof timeout === 'number' && (timeout > 30 || timeout < 1))
		errs.push(
			invalid(
				`${path}.timeoutSeconds`,
				timeout,
				'the timeout value must be between 1 and 30 seconds'
			)
		);
	errs.push(...validateLabelSelector(w['namespaceSelector'], `${path}.namespaceSelector`));
	errs.push(...validateLabelSelector(w['objectSelector'], `${path}.objectSelector`));
	const cc = isPlainObject(w['clientConfig']) ? w['clientConfig'] : {};
	if ((cc['url'] === undefined) === (cc['service'] === undefined))
		errs.push(required(`${path}.clientConfig`, 'exactly one of url or service is required'));
	if (mutating)
		errs.push(
			...oneOf(`${path}.reinvocationPolicy`, w['reinvocationPolicy'], REINVOCATION_POLICIES)
		);
	return errs;
}

/** validateAdmissionReviewVersions with a recognized version required (v1). */
function reviewVersions(versions: unknown, path: string): FieldError[] {
	const list = asArray(versions).map(String);
	if (list.length === 0)
		return [required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
	const errs: FieldError[] = [];
	list.forEach((v, i) => {
		if (list.indexOf(v) < i) errs.push(invalid(`${path}[${i}]`, v, 'duplicate version'));
	});
	if (!list.some((v) => REVIEW_VERSIONS.includes(v)))
		// field.Invalid prints a []string value with Go's %#v.
		errs.push(
			`${path}: Invalid value: []string{${list.map((v) => JSON.stringify(v)).join(', ')}}: must include at least one of ${REVIEW_VERSIONS.join(', ')}`
		);
	return errs;
}

export function validateWebhookConfiguration(o: Obj, mutating: boolean): FieldError[] {
	const errs: FieldError[] = [];
	const names = new Set<string>();
	asArray(o['webhooks']).forEach((raw, i) => {
		const w = isPlainObject(raw) ? raw : {};
		const path = `webhooks[${i}]`;
		errs.push(...validateWebhook(w, path, mutating));
		errs.push(...reviewVersions(w['admissionReviewVersions'], `${path}.admissionReviewVersions`));
		const name = typeof w['name'] === 'string' ? w['name'] : '';
		if (name !== '') {
			if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
			else names.add(name);
		}
	});
	return errs;
}
