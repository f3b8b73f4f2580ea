/**
 * Which API server a command reaches (src/shell/kube-context.ts), from client-go's loading rules
 * (k8s.io/client-go tools/clientcmd loader.go, client_config.go getContext/ConfirmUsable): the
 * context named by the flag or current-context, its cluster's server URL, or client-go's error.
 */
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/shell/command.ts';
import { KubeContextError, resolveCluster, scanFlag } from '../../src/shell/kube-context.ts';
import { saveKubeconfig } from '../../src/shell/kubectl/kubeconfig.ts';
import { kindClusters, kindKubeconfig, linkClocks } from '../../src/shell/multicluster.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';
import { stubCluster } from '../support/stub-cluster.ts';
import { ms } from '../../src/mesh/types.ts';

function twoClusters() {
	const kind = kindClusters(2);
	const [one, two] = [stubCluster(), stubCluster()];
	const vfs = createVfs({});
	saveKubeconfig(vfs, kindKubeconfig(kind));
	const ctx = {
		cluster: one,
		clusters: new Map([
			[kind[0]!.server, one],
			[kind[1]!.server, two]
		]),
		vfs
	} as unknown as CommandContext;
	return { ctx, one, two, vfs };
}

describe('resolveCluster', () => {
	it('current-context is kind-cluster2, as kind leaves it after creating cluster2', () => {
		const { ctx, two } = twoClusters();
		expect(resolveCluster(ctx, {})).toBe(two);
	});

	it.each([
		{ flags: { context: 'kind-cluster1' }, want: 'one' },
		{ flags: { context: 'kind-cluster2' }, want: 'two' },
		{ flags: { context: '' }, want: 'two' }
	])('--context $flags.context reaches cluster $want', ({ flags, want }) => {
		const t = twoClusters();
		expect(resolveCluster(t.ctx, flags)).toBe(want === 'one' ? t.one : t.two);
	});

	it.each([
		{
			flags: { context: 'kind-ambient' },
			message: 'context "kind-ambient" does not exist',
			configuration: 'context was not found for specified context: kind-ambient'
		},
		{
			flags: { kubeconfig: '/tmp/nope' },
			message: 'stat /tmp/nope: no such file or directory'
		}
	])('$flags fails: $message', ({ flags, message, configuration }) => {
		const result = resolveCluster(twoClusters().ctx, flags);
		expect(result).toBeInstanceOf(KubeContextError);
		expect((result as KubeContextError).message).toBe(message);
		expect((result as KubeContextError).invalidConfiguration).toBe(configuration);
		expect((result as KubeContextError).dial).toBe(false);
	});

	it('a server no cluster listens on refuses the dial; no server at all dials localhost:8080', () => {
		const { ctx, vfs } = twoClusters();
		const cfg = kindKubeconfig(kindClusters(2));
		cfg.clusters[0] = { name: 'kind-cluster1', server: 'https://127.0.0.1:1234' };
		cfg.contexts.push({ name: 'bare', cluster: 'none', user: '' });
		saveKubeconfig(vfs, cfg);
		const refused = resolveCluster(ctx, { context: 'kind-cluster1' }) as KubeContextError;
		expect(refused.dial).toBe(true);
		expect(refused.message).toBe(
			'Unable to connect to the server: dial tcp 127.0.0.1:1234: connect: connection refused'
		);
		expect((resolveCluster(ctx, { context: 'bare' }) as KubeContextError).message).toBe(
			'The connection to the server localhost:8080 was refused - did you specify the right host or port?'
		);
	});
});

describe('scanFlag', () => {
	it.each([
		{ argv: ['get', 'pods', '--context=a'], want: 'a' },
		{ argv: ['--context', 'a', 'get'], want: 'a' },
		{ argv: ['--context=a', '--context', 'b'], want: 'b' },
		{ argv: ['exec', 'p', '--', 'x', '--context=a'], want: undefined },
		{ argv: ['--context'], want: undefined },
		{ argv: ['-c', 'f'], names: ['--kubeconfig', '-c'], want: 'f' }
	])('$argv gives $want', ({ argv, names, want }) => {
		expect(scanFlag(argv, names ?? ['--context'])).toBe(want);
	});
});

describe('linkClocks', () => {
	it('time that passes in one cluster passes in the other; disposing the first disposes both', async () => {
		const [a, b] = [stubCluster(), stubCluster()];
		let disposed = 0;
		for (const c of [a, b])
			(c as { dispose: () => Promise<void> }).dispose = async () => void disposed++;
		const [la, lb] = linkClocks([a, b]);
		await la!.advance(ms(5000));
		expect([a.now(), b.now()]).toEqual([5000, 5000]);
		await lb!.advance(ms(250));
		expect([a.now(), b.now()]).toEqual([5250, 5250]);
		await la!.dispose();
		await lb!.dispose();
		expect(disposed).toBe(2);
	});
});
