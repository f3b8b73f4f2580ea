import { describe, expect, it } from 'vitest';
import {
	type AccessLevel,
	ConnectionResult,
	formatFields,
	logEarlyDeny
} from '../../../src/mesh/proxy/l4/connection-result.ts';
import {
	httpStatus,
	noHealthyUpstream,
	policyRejection
} from '../../../src/mesh/proxy/l4/errors.ts';
import { Metrics } from '../../../src/mesh/proxy/l4/metrics.ts';
import { ip, ms } from '../../../src/mesh/types.ts';
import { workload } from './fixtures.ts';

function inputs() {
	const lines: { level: AccessLevel; message: string; fields: string }[] = [];
	let now = 1000;
	return {
		lines,
		advance: (by: number) => (now += by),
		pi: {
			metrics: new Metrics(),
			clock: { now: () => ms(now) },
			accessLog: (level: AccessLevel, message: string, fields: string) =>
				lines.push({ level, message, fields })
		}
	};
}

const src = { ip: ip('10.244.2.9'), port: 51000 };
const dst = { ip: ip('10.244.2.7'), port: 9080 };

describe('ConnectionResult', () => {
	it('reports duration in sim milliseconds and unflipped byte counts', () => {
		const { lines, advance, pi } = inputs();
		const r = new ConnectionResult(pi, src, dst, undefined, {
			reporter: 'destination',
			destination: workload('productpage-v1', '10.244.2.7'),
			securityPolicy: 'unknown'
		});
		r.incrementRecv(80);
		r.incrementSend(175);
		advance(12);
		r.record();
		r.record(); // only once
		expect(lines).toEqual([
			{
				level: 'info',
				message: 'connection complete',
				fields:
					'src.addr=10.244.2.9:51000 dst.addr=10.244.2.7:9080 dst.workload="productpage-v1-abc12" ' +
					'dst.namespace="default" direction="inbound" bytes_sent=175 bytes_recv=80 duration="12ms"'
			}
		]);
		expect(pi.metrics.total('istio_tcp_connections_closed_total')).toBe(1);
		expect(pi.metrics.total('istio_tcp_connections_failed_total')).toBe(0);
	});

	it.each([
		{ error: policyRejection({ reason: 'NotAllowed' }), flag: 'DENY' },
		{ error: httpStatus('http status: 503 Service Unavailable'), flag: 'CONNECT' }
	])('an error is logged at level error and flagged $flag', ({ error, flag }) => {
		const { lines, pi } = inputs();
		new ConnectionResult(pi, src, dst, undefined, {
			reporter: 'source',
			securityPolicy: 'unknown'
		}).record(error);
		expect(lines[0]?.level).toBe('error');
		expect(lines[0]?.fields.endsWith(` error=${JSON.stringify(error.message)}`)).toBe(true);
		expect(pi.metrics.total('istio_tcp_connections_failed_total', { response_flags: flag })).toBe(
			1
		);
	});

	it('logs an early deny as a warning with only addresses and the error', () => {
		const { lines, pi } = inputs();
		logEarlyDeny(
			pi.accessLog,
			src,
			{ ip: ip('10.96.0.12'), port: 9080 },
			'source',
			noHealthyUpstream({ ip: ip('10.96.0.12'), port: 9080 })
		);
		expect(lines).toEqual([
			{
				level: 'warn',
				message: 'connection failed',
				fields:
					'src.addr=10.244.2.9:51000 dst.addr=10.96.0.12:9080 direction="outbound" error="no healthy upstream: 10.96.0.12:9080"'
			}
		]);
	});

	it('quotes strings as Rust Debug does', () => {
		expect(
			formatFields([
				['error', 'say "hi"', true],
				['n', 3, false],
				['skip', undefined, true]
			])
		).toBe('error="say \\"hi\\"" n=3');
	});
});
