/**
 * What curl prints besides the body: `-w` write-out (src/tool_writeout.c), the progress meter
 * (lib/progress.c, curl 8.16+ layout) and `-v` lines (as curl 8.17 words them).
 */
import type { HttpTrace } from '../net/http/client.ts';
import type { HttpResponse } from '../net/http/message.ts';
import { getHeader, responseHead } from '../net/http/message.ts';

export const CURL_VERSION = '8.17.0';
export const CURL_USER_AGENT = `curl/${CURL_VERSION}`;

/** What differs between curl 8.17 builds: `--version`'s text, its OpenSSL, its CA bundle. */
export interface CurlBuild {
	readonly versionText: string;
	/** `OpenSSL/3.5.4`: how curl names its TLS library in errors. */
	readonly ssl: string;
	/** The default CA bundle's path (`-v`'s `CAfile:`). */
	readonly caBundle: string;
}

export interface WriteOutVars {
	readonly trace: HttpTrace | undefined;
	readonly response: HttpResponse | undefined;
	readonly method: string;
	readonly url: string;
	readonly urlEffective: string;
	readonly exitCode: number;
	readonly errorMessage: string;
	readonly numRedirects: number;
	/** Whole operation, across redirects and retries. */
	readonly startedAt: number;
	readonly doneAt: number;
}

const secs = (msValue: number): string => (Math.max(0, msValue) / 1000).toFixed(6);

function variable(name: string, v: WriteOutVars): string | undefined {
	const t = v.trace;
	const since = (at: number | undefined): number => (at === undefined ? 0 : at - v.startedAt);
	const total = v.doneAt - v.startedAt;
	const body = v.response?.body.length ?? 0;
	switch (name) {
		case 'http_code':
		case 'response_code':
			return String(v.response?.status ?? 0).padStart(3, '0');
		case 'http_version':
			return v.response ? v.response.version.replace('HTTP/', '') : '0';
		case 'time_total':
			return secs(total);
		case 'time_namelookup':
			return secs(t?.ip ? since(t.startedAt) : 0);
		case 'time_connect':
			return secs(since(t?.connectedAt));
		case 'time_appconnect':
			return secs(0);
		case 'time_pretransfer':
			return secs(since(t?.connectedAt));
		case 'time_starttransfer':
			return secs(since(t?.firstByteAt));
		case 'time_redirect':
			return secs(0);
		case 'size_download':
			return String(body);
		case 'size_header':
			return String(v.response ? responseHead(v.response).length : 0);
		case 'size_request':
			return String(
				(t?.requestHead?.length ?? 0) + (t?.requestHead ? (t.requestBodyBytes ?? 0) : 0)
			);
		case 'size_upload':
			return String(t?.requestHead ? t.requestBodyBytes : 0);
		case 'speed_download':
			return String(total > 0 ? Math.round((body * 1000) / total) : 0);
		case 'speed_upload':
			return '0';
		case 'remote_ip':
			return t?.connectedAt !== undefined ? (t.ip ?? '') : '';
		case 'remote_port':
			return t?.connectedAt !== undefined ? String(t.port) : '0';
		case 'local_ip':
			return t?.local?.ip ?? '';
		case 'local_port':
			return String(t?.local?.port ?? 0);
		case 'content_type':
			return v.response ? (getHeader(v.response.headers, 'content-type') ?? '') : '';
		case 'url':
			return v.url;
		case 'url_effective':
			return v.urlEffective;
		case 'method':
			return v.method;
		case 'scheme':
			return t?.scheme ?? 'http';
		case 'num_connects':
			return t?.connectedAt !== undefined ? '1' : '0';
		case 'num_redirects':
			return String(v.numRedirects);
		case 'exitcode':
			return String(v.exitCode);
		case 'errormsg':
			return v.errorMessage;
		case 'redirect_url':
			return v.response && v.response.status >= 300 && v.response.status < 400
				? (getHeader(v.response.headers, 'location') ?? '')
				: '';
		default:
			return undefined;
	}
}

/** Expands a -w template. `%{stderr}`/`%{stdout}` switch where the rest goes. */
export function formatWriteOut(
	template: string,
	vars: WriteOutVars
): { stdout: string; stderr: string; warnings: string[] } {
	const out = { stdout: '', stderr: '' };
	const warnings: string[] = [];
	let target: 'stdout' | 'stderr' = 'stdout';
	for (let i = 0; i < template.length; i++) {
		const c = template[i];
		if (c === '\\' && i + 1 < template.length) {
			const e = template[i + 1];
			const esc =
				e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : undefined;
			if (esc !== undefined) {
				out[target] += esc;
				i++;
				continue;
			}
		}
		if (c === '%' && template[i + 1] === '%') {
			out[target] += '%';
			i++;
			continue;
		}
		if (c === '%' && template[i + 1] === '{') {
			const end = template.indexOf('}', i + 2);
			if (end !== -1) {
				const name = template.slice(i + 2, end);
				i = end;
				if (name === 'stderr' || name === 'stdout') {
					target = name;
					continue;
				}
				const value = variable(name, vars);
				if (value === undefined) warnings.push(`unknown --write-out variable: '${name}'`);
				else out[target] += value;
				continue;
			}
		}
		if (c === '%' && template.startsWith('%header{', i)) {
			const end = template.indexOf('}', i + 8);
			if (end !== -1) {
				const name = template.slice(i + 8, end);
				out[target] += vars.response ? (getHeader(vars.response.headers, name) ?? '') : '';
				i = end;
				continue;
			}
		}
		out[target] += c;
	}
	return { ...out, warnings };
}

/** Sizes and speeds in at most six characters: `4294`, `639.9k`, `10.63M`. */
export function meterNumber(n: number): string {
	if (n < 100_000) return String(Math.round(n));
	let v = n;
	for (const unit of ['k', 'M', 'G', 'T', 'P']) {
		v /= 1024;
		if (v < 1000) {
			const digits = v < 100 ? 2 : 1;
			let s = v.toFixed(digits);
			if (s.length > 5) s = v.toFixed(digits - 1);
			return `${s}${unit}`;
		}
	}
	return `${Math.round(v)}E`;
}

function meterTime(msValue: number): string {
	if (msValue < 1000) return '';
	const s = Math.floor(msValue / 1000);
	const pad = (x: number): string => String(x).padStart(2, '0');
	return s >= 3600
		? `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}`
		: `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

export interface MeterStats {
	readonly downloaded: number;
	/** Content-Length when known. */
	readonly expected: number | undefined;
	readonly uploaded: number;
	readonly elapsedMs: number;
}

/** The progress meter's header and final line, as curl leaves them on a non-terminal stderr. */
export function progressMeter(s: MeterStats): string {
	const header =
		'  % Total    % Received % Xferd  Average Speed  Time    Time    Time   Current\n' +
		'                                 Dload  Upload  Total   Spent   Left   Speed\n';
	const total = (s.expected ?? s.downloaded) + s.uploaded;
	const done = s.downloaded + s.uploaded;
	const pct = (a: number, b: number): string => (b > 0 ? String(Math.floor((a * 100) / b)) : '0');
	const any = total > 0;
	const dlPct = s.expected !== undefined && s.expected > 0 ? pct(s.downloaded, s.expected) : '0';
	const ulPct = s.uploaded > 0 ? '100' : '0';
	const speed = (bytes: number): number => (s.elapsedMs > 0 ? (bytes * 1000) / s.elapsedMs : 0);
	const spent = meterTime(s.elapsedMs);
	const current = s.elapsedMs >= 1000 ? meterNumber(speed(s.downloaded)) : '0';
	const line = [
		(any ? pct(done, total) : '0').padStart(3),
		meterNumber(total).padStart(6),
		dlPct.padStart(3),
		meterNumber(s.downloaded).padStart(6),
		ulPct.padStart(3),
		meterNumber(s.uploaded).padStart(6),
		meterNumber(speed(s.downloaded)).padStart(6),
		meterNumber(speed(s.uploaded)).padStart(6),
		(s.expected !== undefined ? spent : '').padStart(7),
		spent.padStart(7),
		''.padStart(7),
		current.padStart(6)
	].join(' ');
	return `${header}${line}\n`;
}

/** `> ` lines for a request head as sent (CRLF-separated, ending with an empty line). */
export function requestLines(head: string): string {
	return head
		.split('\r\n')
		.slice(0, -1)
		.map((l) => `> ${l}\n`)
		.join('');
}

/** `< ` lines for a response head. */
export function responseLines(res: HttpResponse): string {
	return responseHead(res)
		.split('\r\n')
		.slice(0, -1)
		.map((l) => `< ${l}\n`)
		.join('');
}
