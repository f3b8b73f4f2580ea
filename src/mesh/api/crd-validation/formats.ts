/**
 * The string formats kube-apiserver checks in CRD schemas (apiextensions' supported formats,
 * k8s.io/kube-openapi/pkg/validation/strfmt). Numeric formats (int32, int64, double) only name a
 * width and never fail here.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
	return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
	if (!s.includes(':') || s.includes('%')) return false;
	let text = s;
	const lastColon = s.lastIndexOf(':');
	if (s.slice(lastColon + 1).includes('.')) {
		if (!isIPv4(s.slice(lastColon + 1))) return false;
		text = `${s.slice(0, lastColon + 1)}0:0`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return false;
	const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
	const parts = halves.flatMap(groups);
	if (!parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p))) return false;
	return halves.length === 2 ? parts.length < 8 : parts.length === 8;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function checkFormat(format: string, value: string): boolean {
	switch (format) {
		case 'ipv4':
			return isIPv4(value);
		case 'ipv6':
			return isIPv6(value);
		case 'date-time':
			return DATE_TIME.test(value);
		case 'byte':
			return BASE64.test(value);
		default:
			return true;
	}
}
