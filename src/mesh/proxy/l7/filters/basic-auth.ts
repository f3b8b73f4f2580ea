/**
 * The one Wasm module the playground emulates: istio-ecosystem/wasm-extensions `basic_auth`
 * (extensions/basic_auth/plugin.cc), the plugin Istio's "Extend waypoints with WebAssembly
 * plugins" page pulls from `oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:<tag>`.
 * The module is not executed: this is its documented behaviour, in TypeScript. Rules are kept
 * per request method; each rule matches `:path` (with its query) by `prefix`, `exact` or
 * `suffix` and demands `Authorization: Basic <one of its credentials>`, a `user:pass`
 * credential being base64-encoded first. A bad configuration loads no rules.
 */

const MODULE = /^oci:\/\/ghcr\.io\/istio-ecosystem\/wasm-extensions\/basic_auth(:[\w.-]+)?$/;
import { base64OfText as base64 } from '../../../base64.ts';

/** True when `url` names the emulated module (any tag). */
export const isBasicAuthModule = (url: string): boolean => MODULE.test(url);

type Pattern = 'prefix' | 'exact' | 'suffix';

interface Rule {
	readonly pattern: Pattern;
	readonly path: string;
	readonly credentials: ReadonlySet<string>;
}

export interface BasicAuthConfig {
	/** Rules per method, in configuration order. */
	readonly rules: ReadonlyMap<string, readonly Rule[]>;
	readonly realm: string;
}

/**
 * plugin.cc calls `sendLocalResponse(401, <message>, "", {WWW-Authenticate})`: the message is the
 * response code details (Envoy logs it with spaces as `_`), the body is empty.
 */
export interface BasicAuthDenial {
	readonly status: 401;
	readonly details: string;
	readonly headers: readonly (readonly [string, string])[];
}

const NO_DATA = 'Request denied by Basic Auth check. No Basic Authentication information found.';
const INVALID = 'Request denied by Basic Auth check. Invalid username and/or password';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A credential as plugin.cc keeps it: `user:pass` encoded; else kept if it decodes. */
function credential(c: unknown): string | undefined {
	if (typeof c !== 'string') return undefined;
	if (c.includes(':')) return base64(c);
	const bare = c.replace(/=+$/, '');
	return bare !== '' && BASE64.test(c) && bare.length % 4 !== 1 ? c : undefined;
}

function rule(r: unknown): { methods: string[]; rule: Rule } | undefined {
	if (typeof r !== 'object' || r === null) return undefined;
	const o = r as Record<string, unknown>;
	const given = (['prefix', 'exact', 'suffix'] as const).filter((k) => k in o);
	if (given.length !== 1) return undefined;
	const pattern = given[0] as Pattern;
	const path = o[pattern];
	if (typeof path !== 'string') return undefined;
	const methods = o['request_methods'];
	if (!Array.isArray(methods) || methods.length === 0) return undefined;
	if (!methods.every((m): m is string => typeof m === 'string')) return undefined;
	const creds = o['credentials'];
	if (!Array.isArray(creds)) return undefined;
	const encoded = creds.map(credential);
	if (encoded.length === 0 || encoded.some((c) => c === undefined)) return undefined;
	return { methods, rule: { pattern, path, credentials: new Set(encoded as string[]) } };
}

/** `pluginConfig` of a WasmPlugin; undefined when plugin.cc would refuse it (no rules load). */
export function parseBasicAuthConfig(pluginConfig: unknown): BasicAuthConfig | undefined {
	if (typeof pluginConfig !== 'object' || pluginConfig === null) return undefined;
	const o = pluginConfig as Record<string, unknown>;
	const list = o['basic_auth_rules'];
	if (!Array.isArray(list)) return undefined;
	const rules = new Map<string, Rule[]>();
	for (const r of list) {
		const parsed = rule(r);
		if (!parsed) return undefined;
		for (const m of parsed.methods) rules.set(m, [...(rules.get(m) ?? []), parsed.rule]);
	}
	const realm = o['realm'];
	if (realm !== undefined && typeof realm !== 'string') return undefined;
	return { rules, realm: realm ?? 'istio' };
}

function matches(r: Rule, path: string): boolean {
	if (r.pattern === 'prefix') return path.startsWith(r.path);
	if (r.pattern === 'exact') return path === r.path;
	return path.endsWith(r.path);
}

/** plugin.cc `check()`: the 401 to send, or undefined to let the request through. */
export function basicAuthCheck(
	config: BasicAuthConfig,
	method: string,
	path: string,
	authorizationHeader: string | undefined
): BasicAuthDenial | undefined {
	const authorization = authorizationHeader ?? '';
	for (const r of config.rules.get(method) ?? []) {
		if (!matches(r, path)) continue;
		const denied = (message: string): BasicAuthDenial => ({
			status: 401,
			details: message.replace(/\s/g, '_'),
			headers: [['www-authenticate', `Basic realm=${config.realm}`]]
		});
		if (!authorization.startsWith('Basic ')) return denied(NO_DATA);
		if (!r.credentials.has(authorization.slice('Basic '.length))) return denied(INVALID);
	}
	return undefined;
}
