import { IN_POD_REDIRECTION } from '../../../src/mesh/cni/inpod-redirection.ts';
import { describe, expect, it } from 'vitest';
import { formatApiError, isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import { checkInvariants } from '../../../src/mesh/cluster/invariants.ts';
import { createInProcessRuntime } from '../../../src/mesh/runtime/in-process.ts';
import { echoProgram } from '../../support/echo-program.ts';
import { withKindAddons } from '../../support/kind-images.ts';
import { nodeYield } from '../../support/node-yield.ts';

const deployment = (name: string, image: string, port?: number): KubeObject => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: { name } as KubeObject['metadata'],
	spec: {
		selector: { matchLabels: { app: name } },
		template: {
			metadata: { labels: { app: name } },
			spec: {
				containers: [
					{
						name: 'main',
						image,
						...(port ? { ports: [{ containerPort: port, name: 'echo' }] } : {})
					}
				]
			}
		}
	}
});

async function echoCluster(seed: number) {
	const runtime = createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor: withKindAddons((image) => (image === 'echo' ? echoProgram : undefined)),
		cniChain: [IN_POD_REDIRECTION],
		yieldToHost: nodeYield
	});
	const c = await createCluster({ crypto: globalThis.crypto, seed, runtime });
	for (const o of [
		deployment('server', 'echo', 7),
		deployment('client', 'echo'),
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: { name: 'server' } as KubeObject['metadata'],
			spec: { selector: { app: 'server' }, ports: [{ port: 80, targetPort: 'echo' }] }
		}
	]) {
		const r = c.api.apply(o);
		if (isApiError(r)) throw new Error(formatApiError(r));
	}
	await c.settle();
	return c;
}

describe('cluster on the in-process runtime', () => {
	it('runs pods as hosts that reach each other through the Service name', async () => {
		const c = await echoCluster(3);
		const pods = c.api.list(PODS, { namespace: 'default' }) as Pod[];
		expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
		const client = pods.find((p) => p.metadata.labels?.app === 'client');
		const r = await c.exec(
			'default',
			client?.metadata.name ?? '',
			undefined,
			['connect', 'server', '80', 'hi'],
			''
		);
		if (isApiError(r)) throw new Error(formatApiError(r));
		const server = pods.find((p) => p.metadata.labels?.app === 'server');
		expect(r.stdout).toContain(`HI (eof) from ${server?.status?.podIP}:7`);
		expect(checkInvariants(c.api)).toEqual([]);
		await c.dispose();
	});

	it('an image the runtime does not know gives ErrImagePull', async () => {
		const c = await echoCluster(3);
		c.api.apply(deployment('ghost', 'nope:1'));
		await c.settle();
		const ghost = (c.api.list(PODS, { labelSelector: 'app=ghost' }) as Pod[])[0];
		expect(ghost?.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('ErrImagePull');
		await c.dispose();
	});

	it('is deterministic: the same seed gives the same pods, IPs and VIPs', async () => {
		const view = async () => {
			const c = await echoCluster(11);
			const out = (c.api.list(PODS, { namespace: 'default' }) as Pod[]).map(
				(p) => `${p.metadata.name} ${p.status?.podIP} ${p.spec.nodeName}`
			);
			out.push(JSON.stringify(c.tables().dns));
			await c.dispose();
			return out;
		};
		expect(await view()).toEqual(await view());
	});
});
