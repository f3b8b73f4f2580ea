/**
 * NetworkPolicy validation, mirroring kubernetes pkg/apis/networking/validation
 * (ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer,
 * ValidateIPBlock) and apimachinery's ValidateLabelSelector, in their order and words.
 */
import { isPlainObject } from './deep.ts';
import { forbidden, invalid, notSupported, required, type FieldError } from './field-errors.ts';
import { isQualifiedName } from './names.ts';
import { parseCidr } from './cidr.ts';

type Obj = Record<string, unknown>;
const asObj = (x: unknown): Obj => (isPlainObject(x) ? x : {});
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const present = (x: unknown): boolean => x !== undefined && x !== null;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const CIDR_HINT = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** apimachinery IsValidPortNum. */
function portNum(n: number): string[] {
	return Number.isInteger(n) && n >= 1 && n <= 65535 ? [] : [PORT_RANGE];
}

/** apimachinery IsValidPortName (an IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
	const errs: string[] = [];
	if (port.length > 15) errs.push('must be no more than 15 characters');
	if (!/^[-a-z0-9]+$/.test(port))
		errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
	else if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
	if (port.includes('--')) errs.push('must not contain consecutive hyphens');
	if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
	return errs;
}

/** metav1 validation ValidateLabelSelector: matchExpressions' operators and values, label keys. */
export function validateLabelSelector(raw: unknown, path: string): FieldError[] {
	const errs: FieldError[] = [];
	const sel = asObj(raw);
	asArray(sel.matchExpressions).forEach((r, i) => {
		const e = asObj(r);
		const p = `${path}.matchExpressions[${i}]`;
		const values = asArray(e.values);
		switch (e.operator) {
			case 'In':
			case 'NotIn':
				if (values.length === 0)
					errs.push(
						required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'")
					);
				break;
			case 'Exists':
			case 'DoesNotExist':
				if (values.length > 0)
					errs.push(
						forbidden(
							`${p}.values`,
							"may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
						)
					);
				break;
			default:
				errs.push(invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
		}
		const key = typeof e.key === 'string' ? e.key : '';
		for (const msg of isQualifiedName(key)) errs.push(invalid(`${p}.key`, key, msg));
	});
	for (const key of Object.keys(asObj(sel.matchLabels)))
		for (const msg of isQualifiedName(key)) errs.push(invalid(`${path}.matchLabels`, key, msg));
	return errs;
}

function validatePort(raw: unknown, path: string): FieldError[] {
	const errs: FieldError[] = [];
	const port = asObj(raw);
	const { protocol, endPort } = port;
	if (present(protocol) && !PROTOCOLS.includes(String(protocol)))
		errs.push(notSupported(`${path}.protocol`, protocol, PROTOCOLS));
	const p = port.port;
	if (typeof p === 'number') {
		for (const msg of portNum(p)) errs.push(invalid(`${path}.port`, p, msg));
		if (typeof endPort === 'number') {
			if (endPort < p)
				errs.push(invalid(`${path}.endPort`, p, 'must be greater than or equal to `port`'));
			for (const msg of portNum(endPort)) errs.push(invalid(`${path}.endPort`, endPort, msg));
		}
	} else if (typeof p === 'string') {
		if (present(endPort))
			errs.push(
				invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is non-numeric')
			);
		for (const msg of isValidPortName(p)) errs.push(invalid(`${path}.port`, p, msg));
	} else if (present(endPort))
		errs.push(
			invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is not specified')
		);
	return errs;
}

function validateIpBlock(raw: unknown, path: string): FieldError[] {
	const block = asObj(raw);
	const cidr = typeof block.cidr === 'string' ? block.cidr : '';
	if (cidr === '') return [required(`${path}.cidr`, '')];
	const outer = parseCidr(cidr);
	if (!outer) return [invalid(`${path}.cidr`, cidr, CIDR_HINT)];
	const errs: FieldError[] = [];
	asArray(block.except).forEach((e, i) => {
		const p = `${path}.except[${i}]`;
		const text = typeof e === 'string' ? e : '';
		const inner = parseCidr(text);
		if (!inner) {
			errs.push(invalid(p, e, CIDR_HINT));
			return;
		}
		if (!outer.contains(inner.network) || outer.bits >= inner.bits)
			errs.push(invalid(p, text, 'must be a strict subset of `cidr`'));
	});
	return errs;
}

function validatePeer(raw: unknown, path: string): FieldError[] {
	const errs: FieldError[] = [];
	const peer = asObj(raw);
	let peers = 0;
	if (present(peer.podSelector)) {
		peers++;
		errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
	}
	if (present(peer.namespaceSelector)) {
		peers++;
		errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
	}
	if (present(peer.ipBlock)) {
		peers++;
		errs.push(...validateIpBlock(peer.ipBlock, `${path}.ipBlock`));
	}
	if (peers === 0) errs.push(required(path, 'must specify a peer'));
	else if (peers > 1 && present(peer.ipBlock))
		errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
	return errs;
}

/** ValidateNetworkPolicySpec: the pod selector, each rule's ports and peers, then policyTypes. */
export function validateNetworkPolicySpec(raw: unknown): FieldError[] {
	const spec = asObj(raw);
	const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
	asArray(spec.ingress).forEach((r, i) => {
		const rule = asObj(r);
		const p = `spec.ingress[${i}]`;
		asArray(rule.ports).forEach((port, j) => errs.push(...validatePort(port, `${p}.ports[${j}]`)));
		asArray(rule.from).forEach((peer, j) => errs.push(...validatePeer(peer, `${p}.from[${j}]`)));
	});
	asArray(spec.egress).forEach((r, i) => {
		const rule = asObj(r);
		const p = `spec.egress[${i}]`;
		asArray(rule.ports).forEach((port, j) => errs.push(...validatePort(port, `${p}.ports[${j}]`)));
		asArray(rule.to).forEach((peer, j) => errs.push(...validatePeer(peer, `${p}.to[${j}]`)));
	});
	const types = asArray(spec.policyTypes);
	if (types.length > POLICY_TYPES.length) {
		errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
		return errs;
	}
	types.forEach((t, i) => {
		if (!POLICY_TYPES.includes(String(t)))
			errs.push(notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
	});
	return errs;
}
