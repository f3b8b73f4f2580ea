import { describe, expect, it } from 'vitest';
import { secureContextProblem } from '../../src/platform/secure-context.ts';

describe('secureContextProblem', () => {
	const cases = [
		{ name: 'https', secure: true, protocol: 'https:', host: 'mesh.example', problem: false },
		{ name: 'localhost', secure: true, protocol: 'http:', host: '127.0.0.1:4173', problem: false },
		{
			name: 'plain http on a LAN address',
			secure: false,
			protocol: 'http:',
			host: '192.168.1.5:4173',
			problem: true
		}
	];
	it.each(cases)('$name', ({ secure, protocol, host, problem }) => {
		const got = secureContextProblem({ isSecureContext: secure, location: { protocol, host } });
		expect(got !== undefined).toBe(problem);
		if (got) {
			expect(got.message).toContain(`${protocol}//${host}`);
			expect(got.message).toContain('WebCrypto');
			expect(got.fix).toMatch(/https/);
		}
	});
});
