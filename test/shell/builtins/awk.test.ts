/**
 * The field-printing subset of awk (POSIX awk's field splitting and `print`, outputs as GNU awk 5
 * and busybox awk give them): Istio's authz-ingress task picks the client IP out of Envoy's rbac
 * log with `awk -F, '{print $3}' | awk -F: '{print $2}'`.
 */
import { describe, expect, it } from 'vitest';
import { exec, newSession } from '../harness.ts';

describe('awk', () => {
	it.each([
		['echo "  a   b c " | awk \'{print $2}\'', 0, 'b\n'],
		['echo "a b c" | awk \'{print $1, $3}\'', 0, 'a c\n'],
		['echo "a b c" | awk \'{print $NF, NF}\'', 0, 'c 3\n'],
		['echo "a b c" | awk \'{print}\'', 0, 'a b c\n'],
		['echo "a,b,c" | awk -F, \'{print $3}\'', 0, 'c\n'],
		['echo "x: 1.2.3.4:80" | awk -F: \'{print $2}\'', 0, ' 1.2.3.4\n'],
		['echo "a,,c" | awk -F , \'{print $2 "-"}\'', 2, ''],
		['echo "a,,c" | awk -F , \'{print $2, "-"}\'', 0, ' -\n'],
		['echo "a" | awk \'{print $5}\'', 0, '\n'],
		['echo "a" | awk \'/a/ {print $1}\'', 2, ''],
		['echo "a" | awk', 2, '']
	])('%s', async (line, code, output) => {
		const r = await exec(newSession(), line);
		expect(r.code).toBe(code);
		if (code === 0) expect(r.output).toBe(output);
	});
});
