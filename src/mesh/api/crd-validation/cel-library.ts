/**
 * The Kubernetes CEL extension functions the Istio and Gateway API validation rules call, on top of
 * CEL's standard library and its strings extension: k8s.io/apiserver/pkg/cel/library url.go
 * (`url`, `isURL`, `getScheme`, `getHost`, `getHostname`, `getPort`, `getEscapedPath`, `getQuery`)
 * and ip.go (`isIP`). Other Kubernetes functions (quantity, cidr, semver …) are not here: a rule
 * that calls one is reported as unsupported, never run.
 */
import { CelScalar, celFunc, celMethod, mapType, type CelFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isIPv4, isIPv6 } from './formats.ts';

const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);

interface ParsedUrl {
	scheme: string;
	host: string;
	hostname: string;
	port: string;
	path: string;
	query: string;
}

/**
 * Go's url.ParseRequestURI as the library uses it: an absolute URI (`scheme:…`) or an absolute
 * path; anything else is not a URL.
 */
function parseUrl(s: string): ParsedUrl | undefined {
	if (s.startsWith('/')) {
		const q = s.indexOf('?');
		return {
			scheme: '',
			host: '',
			hostname: '',
			port: '',
			path: q < 0 ? s : s.slice(0, q),
			query: q < 0 ? '' : s.slice(q + 1)
		};
	}
	const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?/.exec(s);
	if (!m || /\s/.test(s)) return undefined;
	const host = m[3] ?? '';
	const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host.replace(/^.*@/, ''));
	return {
		scheme: m[1] ?? '',
		host,
		hostname: (hostPort?.[1] ?? '').replace(/^\[|\]$/g, ''),
		port: hostPort?.[2] ?? '',
		path: m[4] ?? '',
		query: m[6] ?? ''
	};
}

function url(s: string): Map<string, string> {
	const u = parseUrl(s);
	if (!u)
		throw new Error(
			`URL parse error during conversion from string: parse "${s}": invalid URI for request`
		);
	return new Map(Object.entries(u));
}

const getter = (name: string, field: keyof ParsedUrl): CelFunc =>
	celMethod(name, URL_TYPE, [], CelScalar.STRING, function () {
		return (this.get(field) as string | undefined) ?? '';
	});

export const KUBERNETES_FUNCS: readonly CelFunc[] = [
	...strings,
	celFunc('url', [CelScalar.STRING], URL_TYPE, url),
	celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s) => parseUrl(s) !== undefined),
	getter('getScheme', 'scheme'),
	getter('getHost', 'host'),
	getter('getHostname', 'hostname'),
	getter('getPort', 'port'),
	getter('getEscapedPath', 'path'),
	getter('getQuery', 'query'),
	celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => isIPv4(s) || isIPv6(s))
];
