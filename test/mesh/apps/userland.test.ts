import { describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../support/fake-net.ts';
import { exec, startPod } from './helpers.ts';

/** What `kubectl exec POD -- ARGV…` prints in a busybox (Alpine) and a GNU (Debian) image. */
describe('an image’s userland', () => {
	const images = {
		busybox: 'curlimages/curl:8.17.0',
		gnu: 'docker.io/istio/examples-bookinfo-details-v1:1.20.3'
	};
	const cases: {
		name: string;
		image: keyof typeof images;
		argv: string[];
		stdin?: string;
		expected: { stdout: string; stderr: string; code: number };
	}[] = [
		{
			name: 'echo joins its arguments',
			image: 'busybox',
			argv: ['echo', 'hi', 'there'],
			expected: { stdout: 'hi there\n', stderr: '', code: 0 }
		},
		{
			name: 'echo -n leaves out the newline',
			image: 'gnu',
			argv: ['echo', '-n', 'hi'],
			expected: { stdout: 'hi', stderr: '', code: 0 }
		},
		{
			name: 'cat /etc/hostname is the pod name',
			image: 'busybox',
			argv: ['cat', '/etc/hostname'],
			expected: { stdout: 'pod-abc\n', stderr: '', code: 0 }
		},
		{
			name: 'cat /etc/resolv.conf searches the pod’s namespace',
			image: 'gnu',
			argv: ['cat', '/etc/resolv.conf'],
			expected: {
				stdout:
					'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
				stderr: '',
				code: 0
			}
		},
		{
			name: 'cat /etc/hosts ends with the pod’s own line',
			image: 'busybox',
			argv: ['cat', '/etc/hosts'],
			expected: {
				stdout:
					'# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.5.2\tpod-abc\n',
				stderr: '',
				code: 0
			}
		},
		{
			name: 'cat with no file copies stdin',
			image: 'busybox',
			argv: ['cat'],
			stdin: 'piped\n',
			expected: { stdout: 'piped\n', stderr: '', code: 0 }
		},
		{
			name: 'busybox cat of a missing file',
			image: 'busybox',
			argv: ['cat', '/nope'],
			expected: {
				stdout: '',
				stderr: "cat: can't open '/nope': No such file or directory\n",
				code: 1
			}
		},
		{
			name: 'GNU cat of a missing file',
			image: 'gnu',
			argv: ['cat', '/nope'],
			expected: { stdout: '', stderr: 'cat: /nope: No such file or directory\n', code: 1 }
		},
		{
			name: 'busybox ls of a missing path',
			image: 'busybox',
			argv: ['ls', '/nope'],
			expected: { stdout: '', stderr: 'ls: /nope: No such file or directory\n', code: 1 }
		},
		{
			name: 'GNU ls of a missing path',
			image: 'gnu',
			argv: ['ls', '/nope'],
			expected: {
				stdout: '',
				stderr: "ls: cannot access '/nope': No such file or directory\n",
				code: 2
			}
		},
		{
			name: 'sh answers an empty script (kubectl exec’s probe)',
			image: 'busybox',
			argv: ['sh', '-c', ''],
			expected: { stdout: '', stderr: '', code: 0 }
		}
	];
	for (const c of cases) {
		it(c.name, async () => {
			const net = new FakeNetwork();
			const pod = await startPod(net, images[c.image], '10.244.5.2', 'pod-abc');
			expect(await exec(net, pod, c.argv, c.stdin)).toEqual(c.expected);
		});
	}

	it('lists and reads the kube-api-access volume kubelet wrote, and only that', async () => {
		const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
		const net = new FakeNetwork();
		const files = { [`${sa}/namespace`]: 'default', [`${sa}/ca.crt`]: 'PEM\n' };
		const pod = await startPod(net, images.gnu, '10.244.5.2', 'pod-abc', {}, files);
		expect(await exec(net, pod, ['ls', `${sa}/`])).toEqual({
			stdout: 'ca.crt\nnamespace\n',
			stderr: '',
			code: 0
		});
		expect((await exec(net, pod, ['cat', `${sa}/ca.crt`])).stdout).toBe('PEM\n');
		// automountServiceAccountToken: false: no volume, no directory.
		const bare = await startPod(net, images.gnu, '10.244.5.3', 'pod-def');
		expect((await exec(net, bare, ['ls', sa])).code).toBe(2);
	});

	it('ls / lists the base’s root: Alpine has no /boot or /lib64', async () => {
		const net = new FakeNetwork();
		const alpine = await startPod(net, images.busybox, '10.244.5.2', 'a');
		const debian = await startPod(net, images.gnu, '10.244.5.3', 'd');
		const alpineRoot = (await exec(net, alpine, ['ls', '/'])).stdout.split('\n');
		const debianRoot = (await exec(net, debian, ['ls', '/'])).stdout.split('\n');
		expect(alpineRoot).toEqual(expect.arrayContaining(['bin', 'etc', 'usr', 'var']));
		expect(alpineRoot).not.toContain('lib64');
		expect(debianRoot).toEqual(expect.arrayContaining(['boot', 'lib64', 'etc']));
	});

	it('busybox images have ash but no bash; Debian ones have bash', async () => {
		const net = new FakeNetwork();
		const alpine = await startPod(net, images.busybox, '10.244.5.2', 'a');
		const debian = await startPod(net, images.gnu, '10.244.5.3', 'd');
		expect(Object.keys(alpine.program.binaries)).toContain('ash');
		expect(Object.keys(alpine.program.binaries)).not.toContain('bash');
		expect(Object.keys(debian.program.binaries)).toContain('bash');
	});
});
