/**
 * ztunnel's log filter and `/logging`, from istio/ztunnel 1.30.3: src/telemetry.rs
 * (`default_filter`: `hickory_server::server=off,` before RUST_LOG, the chart's `info`;
 * `set_level` appends to the current filter or, on reset, to the default) and src/admin.rs
 * (`handle_logging` POST only, `validate_log_level`, `HELP_STRING`), with tracing-subscriber's
 * `Targets` (Display: most specific directive first; a directive for the same target replaces
 * the held one).
 */
import { describe, expect, it } from 'vitest';
import { handleLogging, LogFilter, LOGGING_HELP } from '../../../src/mesh/ztunnel/log-level.ts';

const text = (body: Uint8Array) => new TextDecoder().decode(body);

function post(filter: LogFilter, query: string) {
	const changes: string[] = [];
	const r = handleLogging(filter, 'POST', query, (f) => changes.push(f));
	return { status: r.status, body: text(r.body), changes };
}

describe('ztunnel /logging', () => {
	it.each([
		['', 200, 'hickory_server::server=off,info'],
		['level=debug', 200, 'hickory_server::server=off,debug'],
		['level=access=debug', 200, 'hickory_server::server=off,access=debug,info'],
		[
			'level=ztunnel::proxy=trace,access=warn',
			200,
			'hickory_server::server=off,ztunnel::proxy=trace,access=warn,info'
		],
		['level=off', 200, 'hickory_server::server=off,off']
	])('POST ?%s lists `current log level is …`', (query, status, level) => {
		const r = post(new LogFilter(), query);
		expect(r.status).toBe(status);
		expect(r.body).toBe(`current log level is ${level}\n`);
	});

	it.each(['level=warning', 'level=access:debug', 'level=access=loud', 'level=bogus'])(
		'POST ?%s is a 400 with the help and changes nothing',
		(query) => {
			const f = new LogFilter();
			const r = post(f, query);
			expect(r.status).toBe(400);
			expect(r.body).toBe(`Invalid level provided: ${query.slice(6)}\n${LOGGING_HELP}`);
			expect(r.changes).toEqual([]);
			expect(f.toString()).toBe('hickory_server::server=off,info');
		}
	);

	it('adds to what it holds, and reset starts again from the default', () => {
		const f = new LogFilter();
		post(f, 'level=access=debug');
		expect(post(f, 'level=warn').body).toBe(
			'current log level is hickory_server::server=off,access=debug,warn\n'
		);
		const r = post(f, 'level=info&reset');
		expect(r.body).toBe('current log level is hickory_server::server=off,info\n');
		expect(r.changes).toEqual(['hickory_server::server=off,info']);
	});

	it('answers other methods 405 with the help', () => {
		const r = handleLogging(new LogFilter(), 'GET', '', () => undefined);
		expect(r.status).toBe(405);
		expect(text(r.body)).toBe(`Invalid HTTP method\n ${LOGGING_HELP}`);
	});

	it('enables by the most specific matching directive, under ztunnel:: module paths', () => {
		const f = new LogFilter();
		post(f, 'level=access=off,warn');
		expect(f.enabled('info', 'access')).toBe(false);
		expect(f.enabled('error', 'access')).toBe(false);
		expect(f.enabled('warn', 'xds::client:xds{id=1}')).toBe(true);
		expect(f.enabled('info', 'xds::client:xds{id=1}')).toBe(false);
		post(f, 'level=ztunnel::xds=info');
		expect(f.enabled('info', 'xds::client:xds{id=1}')).toBe(true);
		expect(f.enabled('info', 'proxy::inbound')).toBe(false);
	});
});
