/**
 * tcpdump's filter expressions as pcap-filter(7) defines them, on the subset the playground runs:
 * each row a packet that must match or not, and each refused expression with its message.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter, SYNTAX_ERROR } from '../../../src/mesh/apps/tcpdump-filter.ts';

const PACKET = { src: { ip: '10.244.1.5', port: 40000 }, dst: { ip: '10.244.1.2', port: 15008 } };

describe('tcpdump filter (pcap-filter)', () => {
	it.each([
		['', true],
		['port 15008', true],
		['port 9080', false],
		['port 9080 or port 15008', true],
		// A bare value after `or` keeps the qualifiers before it.
		['port 9080 or 15008', true],
		['dst port 15008', true],
		['src port 15008', false],
		['host 10.244.1.2', true],
		['src host 10.244.1.2', false],
		['tcp port 15008', true],
		['udp', false],
		['not port 15008', false],
		['! port 9080', true],
		['port 15008 and host 10.244.9.9', false],
		['(port 9080 or port 15008) and src host 10.244.1.5', true],
		['port 9080 || port 15008 && host 10.244.1.5', true],
		// and/or have equal precedence, left to right: (15008 or 1) and 2.
		['port 15008 or port 1 and port 2', false]
	])('%j matches: %s', (expression, matches) => {
		const filter = compileFilter(expression);
		if (typeof filter === 'string') throw new Error(filter);
		expect(filter(PACKET)).toBe(matches);
	});

	it.each([
		['port', SYNTAX_ERROR],
		['port 15008 or', SYNTAX_ERROR],
		['(port 15008', SYNTAX_ERROR],
		['port http-alt', "tcpdump: 'http-alt' is not a valid port number or service name"],
		['port 70000', 'tcpdump: illegal port number 70000 > 65535'],
		[
			'icmp',
			'tcpdump: filter primitive "icmp" is not supported in the playground (supported: host, port, src, dst, ip, tcp, udp, and, or, not)'
		],
		[
			'host details',
			'tcpdump: host names are not resolved in the playground: give an address ("details")'
		]
	])('%j is refused: %s', (expression, message) => {
		expect(compileFilter(expression)).toBe(message);
	});
});
