/**
 * ztunnel's log filter and its admin `/logging` endpoint. The filter is tracing-subscriber's
 * `Targets`: comma-separated `target=level` or `level` directives, most specific first, printed
 * back as they are held (`hickory_server::server=off,info`, telemetry.rs `default_filter` with the
 * chart's `RUST_LOG=info`). `/logging` answers POST only: no query lists the level, `level=…`
 * adds directives (a directive for a target already held replaces it), `reset` starts again from
 * the default (admin.rs `handle_logging`, `change_log_level`, `validate_log_level`).
 */
import { makeResponse, type HttpResponse } from '../net/http/message.ts';
import { parseQuery } from '../net/http/server.ts';
import type { HostContext } from '../runtime/host.ts';
import { rustLogFilters, type RustLogFilter } from '../istio/log.ts';

const LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace'] as const;
type LevelFilter = (typeof LEVELS)[number];

interface Directive {
	readonly target?: string;
	readonly level: LevelFilter;
}

/** RUST_LOG as the ztunnel chart sets it (`logLevel: info`), behind telemetry.rs's DNS prefix. */
export const DEFAULT_FILTER = 'hickory_server::server=off,info';

/** admin.rs HELP_STRING, tabs included. */
export const LOGGING_HELP = `
usage: POST /logging\t\t\t\t\t\t(To list current level)
usage: POST /logging?level=<level>\t\t\t\t(To change global levels)
usage: POST /logging?level={mod1}:{level1},{mod2}:{level2}\t(To change specific mods' logging level)

hint: loglevel:\terror|warn|info|debug|trace|off
hint: mod_name:\tthe module name, i.e. ztunnel::proxy
`;

const isLevel = (s: string): s is LevelFilter => (LEVELS as readonly string[]).includes(s);

/**
 * StaticDirective's Ord, reversed: longer targets first, a bare level last; equal lengths in
 * reverse lexical order. Equal keys are the same directive (DirectiveSet::add replaces it).
 */
function compare(a: Directive, b: Directive): number {
	const la = a.target?.length ?? -1;
	const lb = b.target?.length ?? -1;
	if (la !== lb) return lb - la;
	const ta = a.target ?? '';
	const tb = b.target ?? '';
	return ta === tb ? 0 : ta < tb ? 1 : -1;
}

/** `Targets::from_str`; undefined where tracing-subscriber's parser fails. */
export function parseTargets(spec: string): Directive[] | undefined {
	const out: Directive[] = [];
	for (const raw of spec.split(',')) {
		const part = raw.trim();
		if (part === '') continue;
		const eq = part.indexOf('=');
		let d: Directive;
		if (eq === -1) d = isLevel(part) ? { level: part } : { target: part, level: 'trace' };
		else {
			const target = part.slice(0, eq);
			const level = part.slice(eq + 1);
			if (target === '' || !isLevel(level)) return undefined;
			d = { target, level };
		}
		const at = out.findIndex((x) => compare(x, d) === 0);
		if (at >= 0) out[at] = d;
		else out.push(d);
	}
	return out.sort(compare);
}

const display = (ds: readonly Directive[]): string =>
	ds.map((d) => (d.target === undefined ? d.level : `${d.target}=${d.level}`)).join(',');

/** Event targets as ztunnel's tracing sees them: module paths under `ztunnel::`, and `access`. */
function fullTarget(target: string): string {
	const module = /^[A-Za-z_][\w]*(?:::[A-Za-z_][\w]*)*/.exec(target)?.[0] ?? target;
	if (module === 'access' || module.startsWith('hyper_util') || module.startsWith('hickory'))
		return module;
	return module === 'ztunnel' ? module : `ztunnel::${module}`;
}

/** One ztunnel process's filter. */
export class LogFilter implements RustLogFilter {
	#directives: Directive[] = parseTargets(DEFAULT_FILTER) ?? [];

	toString(): string {
		return display(this.#directives);
	}

	/** Targets' `enabled`: the most specific directive whose target prefixes the event's decides. */
	enabled(level: 'error' | 'warn' | 'info' | 'debug', target: string): boolean {
		const t = fullTarget(target);
		const d = this.#directives.find((x) => x.target === undefined || t.startsWith(x.target));
		if (!d) return false;
		return LEVELS.indexOf(level) <= LEVELS.indexOf(d.level);
	}

	/** telemetry.rs `set_level`: the new directives on top of the current (or default) ones. */
	set(reset: boolean, level: string): string | undefined {
		const base = reset ? DEFAULT_FILTER : this.toString();
		const next = parseTargets(level === '' ? base : `${base},${level}`);
		if (!next) return `Failed to set new level: invalid filter`;
		this.#directives = next;
		return undefined;
	}
}

/** admin.rs `validate_log_level`: bare levels, or `target=level` clauses. */
function validLevel(level: string): boolean {
	return level
		.split(',')
		.every((c) => isLevel(c) || (c.includes('=') && parseTargets(c) !== undefined));
}

const plain = (status: number, body: string): HttpResponse =>
	makeResponse(status, body, [['content-type', 'text/plain']]);

/**
 * `/logging` on the admin port. `onChange` runs after a change is in force (telemetry.rs logs
 * `new log filter is …` through the new filter).
 */
export function handleLogging(
	filter: LogFilter,
	method: string,
	query: string,
	onChange: (filter: string) => void
): HttpResponse {
	if (method !== 'POST') return plain(405, `Invalid HTTP method\n ${LOGGING_HELP}`);
	const params = new Map(parseQuery(query));
	const level = params.get('level');
	const reset = params.has('reset');
	const list = () => plain(200, `current log level is ${filter.toString()}\n`);
	if (level === undefined && !reset) return list();
	if (!reset && (level ?? '') === '') return list();
	if (level && !validLevel(level))
		return plain(400, `Invalid level provided: ${level}\n${LOGGING_HELP}`);
	const failed = filter.set(reset, level ?? '');
	if (failed) return plain(400, `${failed}\n${LOGGING_HELP}`);
	onChange(filter.toString());
	return list();
}

/** The host's filter, registered so every line it logs (istio/log.ts rustLog) honours it. */
export function logFilterOf(host: HostContext): LogFilter {
	let f = rustLogFilters.get(host);
	if (!(f instanceof LogFilter)) {
		f = new LogFilter();
		rustLogFilters.set(host, f);
	}
	return f as LogFilter;
}
