/**
 * Envoy's jwt_authn filter as istiod configures it for RequestAuthentication
 * (pilot/pkg/security/authn/policy_applier.go convertToEnvoyJwtConfig): one provider per
 * jwtRule, and the requirement "each provider OR allow_missing". So a request without a token
 * passes with no request principal; a token that is present but fails (bad form, unknown issuer,
 * bad signature, expired, audience) is refused with 401 and the verifier's status text
 * (jwt_verify_lib's getStatusString). A verified token gives `request.auth.*` to RBAC and, unless
 * `forwardOriginalToken`, is removed from the request. Only RS256 and ES256 keys are verified
 * (Envoy's common algorithms); others fail as "Jwt header [alg] is not supported".
 */
import { getHeader, type Header, type HttpRequest } from '../../../net/http/message.ts';
import type { JwtRuleConfig } from '../../../xds/waypoint-config.ts';
import { encodeBase64Url } from '../../../base64.ts';

/** What the filter decided for one request. */
export type JwtOutcome =
	| { readonly kind: 'none' }
	| { readonly kind: 'failed'; readonly status: string }
	| {
			readonly kind: 'verified';
			/** `iss/sub`: what `requestPrincipals` and `request.auth.principal` compare. */
			readonly principal: string;
			readonly claims: Readonly<Record<string, unknown>>;
			/** The request as the filter passes it on (token removed, payload header added). */
			readonly headers: readonly Header[];
			readonly target: string;
	  };

export const NO_JWT: JwtOutcome = { kind: 'none' };

const STATUS = {
	badFormat: 'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections',
	headerBase64: 'Jwt header is an invalid Base64url encoded',
	headerJson: 'Jwt header is an invalid JSON',
	badAlg: 'Jwt header [alg] field is required and must be a string',
	notImplementedAlg: 'Jwt header [alg] is not supported',
	payloadBase64: 'Jwt payload is an invalid Base64url encoded',
	payloadJson: 'Jwt payload is an invalid JSON',
	signatureBase64: 'Jwt signature is an invalid Base64url encoded',
	unknownIssuer: 'Jwt issuer is not configured',
	audience: 'Audiences in Jwt are not allowed',
	verification: 'Jwt verification fails',
	expired: 'Jwt is expired',
	notYetValid: 'Jwt not yet valid',
	noKey: "Jwks doesn't have key to match kid or alg from Jwt",
	multiple: 'Found multiple Jwt tokens'
} as const;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map([...B64URL].map((c, i) => [c, i]));

/** Base64url without padding (RFC 7515 §2), or undefined when `s` is not that. */
export function base64UrlDecode(s: string): Uint8Array | undefined {
	const text = s.replace(/=+$/, '');
	if (text.length % 4 === 1) return undefined;
	const out = new Uint8Array(Math.floor((text.length * 3) / 4));
	let bits = 0;
	let value = 0;
	let n = 0;
	for (const c of text) {
		const v = B64URL_INDEX.get(c);
		if (v === undefined) return undefined;
		value = (value << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (value >> bits) & 0xff;
		}
	}
	return out;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

function decodeJson(part: string): { value?: Record<string, unknown>; bad?: 'base64' | 'json' } {
	const bytes = base64UrlDecode(part);
	if (!bytes) return { bad: 'base64' };
	try {
		const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		return isObj(value) ? { value } : { bad: 'json' };
	} catch {
		return { bad: 'json' };
	}
}

/** Where a provider looks for its token: `fromHeaders` and `fromParams`, else Envoy's defaults. */
function locations(rule: JwtRuleConfig): {
	headers: readonly { name: string; prefix: string }[];
	params: readonly string[];
} {
	const custom = (rule.fromHeaders?.length ?? 0) > 0 || (rule.fromParams?.length ?? 0) > 0;
	if (custom)
		return {
			headers: (rule.fromHeaders ?? []).map((h) => ({ name: h.name, prefix: h.prefix ?? '' })),
			params: rule.fromParams ?? []
		};
	return { headers: [{ name: 'authorization', prefix: 'Bearer ' }], params: ['access_token'] };
}

interface Found {
	readonly token: string;
	/** The header it came from (removed on success unless forwarded), or a query parameter. */
	readonly header?: string;
}

function queryParam(target: string, name: string): string | undefined {
	const q = target.indexOf('?');
	if (q < 0) return undefined;
	for (const pair of target.slice(q + 1).split('&')) {
		const eq = pair.indexOf('=');
		const key = eq < 0 ? pair : pair.slice(0, eq);
		if (key === name) return decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
	}
	return undefined;
}

/** The tokens the request carries in any provider's locations, each once. */
function extract(rules: readonly JwtRuleConfig[], req: HttpRequest): Found[] {
	const found = new Map<string, Found>();
	for (const rule of rules) {
		const { headers, params } = locations(rule);
		for (const h of headers) {
			const value = getHeader(req.headers, h.name);
			if (value === undefined) continue;
			if (h.prefix !== '' && !value.startsWith(h.prefix)) continue;
			const token = value.slice(h.prefix.length).trim();
			if (!found.has(token)) found.set(token, { token, header: h.name });
		}
		for (const p of params) {
			const token = queryParam(req.target, p);
			if (token !== undefined && !found.has(token)) found.set(token, { token });
		}
	}
	return [...found.values()];
}

const ALGS: Readonly<
	Record<
		string,
		{ import: RsaHashedImportParams | EcKeyImportParams; verify: AlgorithmIdentifier | EcdsaParams }
	>
> = {
	RS256: {
		import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
		verify: { name: 'RSASSA-PKCS1-v1_5' }
	},
	ES256: {
		import: { name: 'ECDSA', namedCurve: 'P-256' },
		verify: { name: 'ECDSA', hash: 'SHA-256' }
	}
};

/** The JWKS keys that may have signed a token of `alg` and `kid`. */
function candidateKeys(jwks: string, alg: string, kid: string | undefined): JsonWebKey[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(jwks);
	} catch {
		return [];
	}
	const keys = isObj(parsed) && Array.isArray(parsed['keys']) ? parsed['keys'].filter(isObj) : [];
	const kty = alg.startsWith('RS') ? 'RSA' : 'EC';
	return keys.filter(
		(k) =>
			k['kty'] === kty &&
			(kid === undefined || k['kid'] === undefined || k['kid'] === kid) &&
			(k['alg'] === undefined || k['alg'] === alg)
	) as JsonWebKey[];
}

async function signatureValid(
	crypto: Crypto,
	key: JsonWebKey,
	alg: string,
	signed: Uint8Array,
	signature: Uint8Array
): Promise<boolean> {
	const params = ALGS[alg];
	if (!params) return false;
	try {
		const { kty, n, e, crv, x, y } = key;
		const jwk: JsonWebKey = kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y };
		const imported = await crypto.subtle.importKey('jwk', jwk, params.import, false, ['verify']);
		return await crypto.subtle.verify(
			params.verify,
			imported,
			signature.slice().buffer,
			signed.slice().buffer
		);
	} catch {
		return false;
	}
}

function audiences(payload: Record<string, unknown>): string[] {
	const aud = payload['aud'];
	if (typeof aud === 'string') return [aud];
	return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** Verifies one token against the provider of its issuer; the status text when it fails. */
async function verify(
	crypto: Crypto,
	rules: readonly JwtRuleConfig[],
	token: string,
	nowSeconds: number
): Promise<{ status: string } | { rule: JwtRuleConfig; payload: Record<string, unknown> }> {
	const parts = token.split('.');
	if (parts.length !== 3) return { status: STATUS.badFormat };
	const [h = '', p = '', s = ''] = parts;
	const header = decodeJson(h);
	if (!header.value)
		return { status: header.bad === 'base64' ? STATUS.headerBase64 : STATUS.headerJson };
	const alg = header.value['alg'];
	if (typeof alg !== 'string') return { status: STATUS.badAlg };
	if (!ALGS[alg]) return { status: STATUS.notImplementedAlg };
	const payload = decodeJson(p);
	if (!payload.value)
		return { status: payload.bad === 'base64' ? STATUS.payloadBase64 : STATUS.payloadJson };
	const signature = base64UrlDecode(s);
	if (!signature) return { status: STATUS.signatureBase64 };
	const claims = payload.value;
	const rule = rules.find((r) => r.issuer === '' || r.issuer === claims['iss']);
	if (!rule) return { status: STATUS.unknownIssuer };
	const exp = claims['exp'];
	if (typeof exp === 'number' && nowSeconds > exp) return { status: STATUS.expired };
	const nbf = claims['nbf'];
	if (typeof nbf === 'number' && nowSeconds < nbf) return { status: STATUS.notYetValid };
	const allowed = rule.audiences ?? [];
	if (allowed.length > 0 && !audiences(claims).some((a) => allowed.includes(a)))
		return { status: STATUS.audience };
	const kid = typeof header.value['kid'] === 'string' ? header.value['kid'] : undefined;
	const keys = candidateKeys(rule.jwks, alg, kid);
	if (keys.length === 0) return { status: STATUS.noKey };
	const signed = new TextEncoder().encode(`${h}.${p}`);
	for (const key of keys)
		if (await signatureValid(crypto, key, alg, signed, signature)) return { rule, payload: claims };
	return { status: STATUS.verification };
}

/** `iss/sub`, Istio's request principal (`source.requestPrincipals`). */
export function requestPrincipal(claims: Readonly<Record<string, unknown>>): string {
	const iss = typeof claims['iss'] === 'string' ? claims['iss'] : '';
	const sub = typeof claims['sub'] === 'string' ? claims['sub'] : '';
	return `${iss}/${sub}`;
}

/** Runs the filter over one request; the rules are the proxy's providers for its destination. */
export async function jwtAuthn(
	crypto: Crypto,
	rules: readonly JwtRuleConfig[],
	req: HttpRequest,
	nowSeconds: number
): Promise<JwtOutcome> {
	if (rules.length === 0) return NO_JWT;
	const tokens = extract(rules, req);
	if (tokens.length === 0) return NO_JWT;
	if (tokens.length > 1) return { kind: 'failed', status: STATUS.multiple };
	const found = tokens[0]!;
	const result = await verify(crypto, rules, found.token, nowSeconds);
	if ('status' in result) return { kind: 'failed', status: result.status };
	const { rule, payload } = result;
	let headers: Header[] = [...req.headers];
	if (!rule.forwardOriginalToken && found.header !== undefined) {
		const drop = found.header.toLowerCase();
		headers = headers.filter(([n]) => n.toLowerCase() !== drop);
	}
	for (const { header, claim } of rule.outputClaimToHeaders ?? []) {
		const value = claimHeaderValue(payload, claim);
		if (value === undefined) continue;
		headers = headers.filter(([n]) => n.toLowerCase() !== header.toLowerCase());
		headers.push([header, value]);
	}
	if (rule.outputPayloadToHeader) {
		const encoded = encodeBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
		headers.push([rule.outputPayloadToHeader, encoded]);
	}
	return {
		kind: 'verified',
		principal: requestPrincipal(payload),
		claims: payload,
		headers,
		target: req.target
	};
}

/**
 * Envoy's claim_to_headers (jwt_authn authenticator.cc): a claim by its dotted path, when it is a
 * string, number or boolean; other kinds add no header.
 */
function claimHeaderValue(
	payload: Readonly<Record<string, unknown>>,
	path: string
): string | undefined {
	let v: unknown = payload;
	for (const key of path.split('.')) {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
		v = (v as Record<string, unknown>)[key];
	}
	return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
		? String(v)
		: undefined;
}

/** Envoy's local reply for a refused token: 401, the status text, and where to authenticate. */
export function jwtDenial(
	status: string,
	req: HttpRequest,
	authority: string
): { body: string; details: string; headers: Header[] } {
	const q = req.target.indexOf('?');
	const path = q < 0 ? req.target : req.target.slice(0, q);
	return {
		body: status,
		details: `jwt_authn_access_denied{${status.replace(/ /g, '_')}}`,
		headers: [
			['www-authenticate', `Bearer realm="http://${authority}${path}", error="invalid_token"`]
		]
	};
}
