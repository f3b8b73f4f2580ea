/**
 * Istio's tcp-echo server (istio/istio samples/tcp-echo/src/main.go at 1.30.3) and busybox's nc
 * (networking/nc_bloaty.c) as the TCP tasks use them: `echo "port 9000" | nc tcp-echo 9000`.
 */
import { describe, expect, it } from 'vitest';
import { programFor } from '../../../src/mesh/apps/registry.ts';
import type { ContainerSpec } from '../../../src/mesh/runtime/host.ts';
import { fakeHost, FakeNetwork } from '../../support/fake-net.ts';
import { exec, startPod } from './helpers.ts';

const TCP_ECHO = 'registry.istio.io/release/tcp-echo-server:1.3';

async function echoServer(net: FakeNetwork, args?: string[]) {
	const spec: ContainerSpec = {
		name: 'tcp-echo',
		image: TCP_ECHO,
		env: {},
		ports: [9000, 9001],
		...(args ? { args } : {})
	};
	const host = fakeHost(net, { ip: '10.244.0.9', name: 'tcp-echo-abc', containers: [spec] });
	const program = programFor(TCP_ECHO);
	if (!program) throw new Error('no program for tcp-echo-server');
	await net.clock.run(program.start(host.ctx, spec));
	net.addName('tcp-echo', '10.244.0.9');
	return host;
}

describe('tcp-echo and nc', () => {
	const cases: {
		name: string;
		argv: string[];
		stdin?: string;
		expected: { stdout: string; stderr: string; code: number };
	}[] = [
		{
			name: 'a line comes back with the prefix (authz-tcp: "hello port 9000")',
			argv: ['nc', 'tcp-echo', '9000'],
			stdin: 'port 9000\n',
			expected: { stdout: 'hello port 9000\n', stderr: '', code: 0 }
		},
		{
			name: 'each line is answered, on every port of the list',
			argv: ['nc', 'tcp-echo', '9002'],
			stdin: 'a\nb\n',
			expected: { stdout: 'hello a\nhello b\n', stderr: '', code: 0 }
		},
		{
			name: 'a last line without a newline gets no answer (ReadBytes hits EOF)',
			argv: ['nc', 'tcp-echo', '9000'],
			stdin: 'a\nno newline',
			expected: { stdout: 'hello a\n', stderr: '', code: 0 }
		},
		{
			name: 'a refused connect is silent, exit 1',
			argv: ['nc', 'tcp-echo', '9003'],
			stdin: 'x\n',
			expected: { stdout: '', stderr: '', code: 1 }
		},
		{
			name: 'one -v does not report a refusal either',
			argv: ['nc', '-v', 'tcp-echo', '9003'],
			expected: { stdout: '', stderr: '', code: 1 }
		},
		{
			name: '-vv reports it',
			argv: ['nc', '-vv', 'tcp-echo', '9003'],
			expected: {
				stdout: '',
				stderr: 'nc: tcp-echo (10.244.0.9:9003): Connection refused\n',
				code: 1
			}
		},
		{
			name: '-v says the port is open',
			argv: ['nc', '-v', 'tcp-echo', '9001'],
			stdin: 'x\n',
			expected: { stdout: 'hello x\n', stderr: 'tcp-echo (10.244.0.9:9001) open\n', code: 0 }
		},
		{
			name: '-z connects and sends nothing',
			argv: ['nc', '-z', 'tcp-echo', '9000'],
			stdin: 'x\n',
			expected: { stdout: '', stderr: '', code: 0 }
		},
		{
			name: 'a name that does not resolve',
			argv: ['nc', 'nowhere', '9000'],
			expected: { stdout: '', stderr: "nc: bad address 'nowhere'\n", code: 1 }
		},
		{
			name: 'an unknown option is getopt’s error',
			argv: ['nc', '-x', 'tcp-echo', '9000'],
			expected: {
				stdout: '',
				stderr:
					"nc: invalid option -- 'x'\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n",
				code: 1
			}
		},
		{
			name: 'listening is refused with a note, not ignored',
			argv: ['nc', '-l', '-p', '9000'],
			expected: {
				stdout: '',
				stderr: "nc: listen mode (-l) is not simulated: the playground's nc only connects out\n",
				code: 1
			}
		}
	];

	it.each(cases)('$name', async ({ argv, stdin, expected }) => {
		const net = new FakeNetwork();
		await echoServer(net, ['9000,9001,9002', 'hello']);
		const client = await startPod(net, 'curlimages/curl:8.17.0', '10.244.0.5', 'curl-abc');
		expect(await exec(net, client, argv, stdin)).toEqual(expected);
	});

	it('logs as main.go does: its listeners, then each request and response', async () => {
		const net = new FakeNetwork();
		const server = await echoServer(net, ['9000,9001', 'one']);
		const client = await startPod(net, 'curlimages/curl:8.17.0', '10.244.0.5', 'curl-abc');
		await exec(net, client, ['nc', 'tcp-echo', '9001'], 'hi\n');
		expect(server.logs.get('tcp-echo')).toEqual([
			'listening on [::]:9000, prefix: one',
			'listening on [::]:9001, prefix: one',
			'request: hi',
			'response: one hi'
		]);
	});

	it('without args runs the image CMD: 9000 with the prefix hello', async () => {
		const net = new FakeNetwork();
		const server = await echoServer(net);
		expect(server.logs.get('tcp-echo')).toEqual(['listening on [::]:9000, prefix: hello']);
	});

	it('nc is busybox’s: a Debian image has none', () => {
		expect(programFor('curlimages/curl:8.17.0')?.binaries['nc']).toBeDefined();
		expect(
			programFor('docker.io/istio/examples-bookinfo-details-v1:1.20.3')?.binaries['nc']
		).toBeUndefined();
		// FROM scratch: the server's image holds only its own binary.
		expect(programFor(TCP_ECHO)?.binaries['sh']).toBeUndefined();
	});
});
