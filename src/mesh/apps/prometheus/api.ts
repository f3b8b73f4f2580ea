/**
 * Prometheus's HTTP API v1 for instant queries (web/api/v1/api.go): `GET|POST /api/v1/query`
 * with `query` and optional `time`, answered as `{"status":"success","data":{"resultType":
 * "vector","result":[…]}}`; errors as `{"status":"error","errorType":"bad_data","error":…}`
 * with 400. Timestamps and values are written as Prometheus's JSON codec writes them
 * (util/jsonutil: seconds with the milliseconds after a dot; values as strings, Go's 'f' -1).
 */
import { makeResponse, type HttpResponse } from '../../net/http/message.ts';
import type { ServerRequest } from '../../net/http/server.ts';
import { SIM_EPOCH_MS } from '../../epoch.ts';
import { evaluate, type VectorSample } from './evaluate.ts';
import { parsePromql, PromqlError } from './promql.ts';
import type { Tsdb } from './tsdb.ts';

const JSON_HEADERS: [string, string][] = [['Content-Type', 'application/json']];

/** util/jsonutil MarshalTimestamp: `1767225615.5` → `1767225615.500`. */
export function formatTimestamp(unixMs: number): string {
	const t = Math.round(unixMs);
	const fraction = t % 1000;
	return fraction === 0
		? String(Math.floor(t / 1000))
		: `${Math.floor(t / 1000)}.${String(fraction).padStart(3, '0')}`;
}

/** strconv.FormatFloat(f, 'f', -1, 64), with Prometheus's spellings of the special values. */
export function formatValue(v: number): string {
	if (Number.isNaN(v)) return 'NaN';
	if (v === Infinity) return '+Inf';
	if (v === -Infinity) return '-Inf';
	const s = String(v);
	if (!/e/.test(s)) return s;
	if (Math.abs(v) >= 1e21) return BigInt(v).toString();
	// Go's 'f' format never uses an exponent.
	const digits = Math.max(0, -Math.floor(Math.log10(Math.abs(v))) + 16);
	return v.toFixed(Math.min(100, digits)).replace(/\.?0+$/, '');
}

function sortedMetric(metric: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const k of Object.keys(metric).sort()) out[k] = metric[k] as string;
	return out;
}

/** labels.Compare: label by label in name order, name then value; the shorter set first on a tie. */
function compareLabels(a: Record<string, string>, b: Record<string, string>): number {
	const ka = Object.keys(a).sort();
	const kb = Object.keys(b).sort();
	for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
		const na = ka[i] as string;
		const nb = kb[i] as string;
		if (na !== nb) return na < nb ? -1 : 1;
		const va = a[na] as string;
		const vb = b[nb] as string;
		if (va !== vb) return va < vb ? -1 : 1;
	}
	return ka.length - kb.length;
}

function vectorJson(result: readonly VectorSample[], unixMs: number): string {
	const ts = formatTimestamp(unixMs);
	// The storage returns series in label order; aggregations are sorted the same way here.
	const items = [...result]
		.sort((x, y) => compareLabels(x.metric, y.metric))
		.map(
			(s) =>
				`{"metric":${JSON.stringify(sortedMetric(s.metric))},"value":[${ts},"${formatValue(s.value)}"]}`
		);
	return `{"status":"success","data":{"resultType":"vector","result":[${items.join(',')}]}}`;
}

function badData(message: string): HttpResponse {
	return makeResponse(
		400,
		JSON.stringify({ status: 'error', errorType: 'bad_data', error: message }),
		JSON_HEADERS
	);
}

/** api.go parseTime: Unix seconds (a float) or RFC 3339. */
function parseTime(text: string): number | undefined {
	if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

export function handleQuery(req: ServerRequest, db: Tsdb, nowSim: number): HttpResponse {
	const form = new URLSearchParams(req.query);
	if (req.method === 'POST') {
		const body = new TextDecoder().decode(req.body);
		for (const [k, v] of new URLSearchParams(body)) form.append(k, v);
	} else if (req.method !== 'GET') return makeResponse(405, '');
	const timeText = form.get('time');
	let unixMs = SIM_EPOCH_MS + nowSim;
	if (timeText !== null && timeText !== '') {
		const t = parseTime(timeText);
		if (t === undefined)
			return badData(`invalid parameter "time": cannot parse "${timeText}" to a valid timestamp`);
		unixMs = t;
	}
	const query = form.get('query') ?? '';
	try {
		const expr = parsePromql(query);
		return makeResponse(
			200,
			vectorJson(evaluate(expr, db, unixMs - SIM_EPOCH_MS), unixMs),
			JSON_HEADERS
		);
	} catch (e) {
		if (e instanceof PromqlError) return badData(`invalid parameter "query": ${e.message}`);
		throw e;
	}
}
