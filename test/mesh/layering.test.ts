/**
 * The house's rules are lint (issue 15): each probe is one arrow DESIGN forbids, linted as if it
 * sat in that folder, and ESLint must refuse it with the rule's message; an allowed arrow passes.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? []).map((m) => m.message);
}

const PROBES: [string, string, string, RegExp][] = [
	[
		'ztunnel → waypoint',
		'src/mesh/ztunnel/probe.ts',
		"import { createWaypoint } from '../waypoint/waypoint.ts';\nexport const p = createWaypoint;\n",
		/ztunnel never imports another proxy/
	],
	[
		'sidecar → ztunnel',
		'src/mesh/sidecar/probe.ts',
		"import { createZtunnel } from '../ztunnel/ztunnel.ts';\nexport const p = createZtunnel;\n",
		/sidecar never imports another proxy/
	],
	[
		'sidecar → istiod',
		'src/mesh/sidecar/probe.ts',
		"import { workloadName } from '../istiod/workloads.ts';\nexport const p = workloadName;\n",
		/sidecar never imports another proxy, an app, the cluster or istiod/
	],
	[
		'waypoint → sidecar',
		'src/mesh/waypoint/probe.ts',
		"import { startSidecar } from '../sidecar/sidecar.ts';\nexport const p = startSidecar;\n",
		/waypoint never imports another proxy/
	],
	[
		'proxy core → a proxy',
		'src/mesh/proxy/l7/probe.ts',
		"import { createWaypoint } from '../../waypoint/waypoint.ts';\nexport const p = createWaypoint;\n",
		/core every proxy composes/
	],
	[
		'xds → the proxy core',
		'src/mesh/xds/probe.ts',
		"import type { ProxyState } from '../proxy/l4/state/proxy-state.ts';\nexport type P = ProxyState;\n",
		/owners import it, it imports no owner/
	],
	[
		'net → runtime',
		'src/mesh/net/probe.ts',
		"import type { HostContext } from '../runtime/host.ts';\nexport type P = HostContext;\n",
		/mesh\/net is the floor/
	],
	[
		'runtime → istio-cni',
		'src/mesh/runtime/probe.ts',
		"import { IN_POD_REDIRECTION } from '../cni/inpod-redirection.ts';\nexport const p = IN_POD_REDIRECTION;\n",
		/the runtime is the seam/
	],
	[
		'net → istio-cni',
		'src/mesh/net/probe.ts',
		"import { IN_POD_REDIRECTION } from '../cni/inpod-redirection.ts';\nexport const p = IN_POD_REDIRECTION;\n",
		/knows sockets and routes, not Istio/
	],
	[
		'net → Istio’s ports',
		'src/mesh/net/probe.ts',
		"import { HBONE_PORT } from '../istio/ports.ts';\nexport const p = HBONE_PORT;\n",
		/knows sockets and routes, not Istio/
	],
	[
		'net → the proxy core',
		'src/mesh/net/http/probe.ts',
		"import { HBONE_PORT } from '../../proxy/ports.ts';\nexport const p = HBONE_PORT;\n",
		/knows sockets and routes, not Istio/
	],
	[
		'an Istio port literal in net',
		'src/mesh/net/probe.ts',
		'export const ZTUNNEL_OUTBOUND = 15001;\n',
		/knows no Istio port/
	],
	[
		'istiod → cluster',
		'src/mesh/istiod/probe.ts',
		"import { listAll } from '../cluster/pods.ts';\nexport const p = listAll;\n",
		/istiod reads the API/
	],
	[
		'istio → apps',
		'src/mesh/istio/probe.ts',
		"import { isoTime } from '../apps/app-server.ts';\nexport const p = isoTime;\n",
		/mesh\/istio holds Istio/
	],
	[
		'xds → an owner, types included',
		'src/mesh/xds/probe.ts',
		"import type { Ztunnel } from '../ztunnel/ztunnel.ts';\nexport type P = Ztunnel;\n",
		/owners import it, it imports no owner/
	],
	[
		'globalThis.setTimeout in the mesh',
		'src/mesh/net/probe.ts',
		'export const p = globalThis.setTimeout;\n',
		/ctx|sim time|globalThis/
	],
	[
		'new Date() in the mesh',
		'src/mesh/net/probe.ts',
		'export const p = new Date();\n',
		/sim time|wall time|clock/
	],
	[
		'crypto.getRandomValues in the mesh',
		'src/mesh/net/probe.ts',
		'export const p = crypto.getRandomValues(new Uint8Array(4));\n',
		/ctx\.crypto/
	],
	[
		'a function over 100 lines in the mesh',
		'src/mesh/net/probe.ts',
		`export function p(): number {\n\tlet n = 0;\n${'\tn++;\n'.repeat(110)}\treturn n;\n}\n`,
		/too many lines/
	],
	[
		'globalThis.crypto in the mesh',
		'src/mesh/tls/probe.ts',
		'export const p = globalThis.crypto.subtle;\n',
		/WebCrypto from ctx/
	],
	[
		'platform → ui',
		'src/platform/probe.ts',
		"import { MeshFeed } from '../ui/state/mesh-feed.svelte.ts';\nexport const p = MeshFeed;\n",
		/platform is an edge under ui/
	]
];

describe('the layering lint', () => {
	it.each(PROBES)('refuses %s', async (_name, file, code, message) => {
		const messages = await lint(file, code);
		expect(
			messages.some((m) => message.test(m)),
			messages.join('\n')
		).toBe(true);
	});

	it('lets every proxy compose the proxy core', async () => {
		const code =
			"import { stringMatches } from '../proxy/matchers.ts';\nimport { authorize } from '../proxy/l7/rbac.ts';\nexport const p = [stringMatches, authorize];\n";
		for (const proxy of ['ztunnel', 'waypoint', 'sidecar'])
			expect(await lint(`src/mesh/${proxy}/probe.ts`, code)).toEqual([]);
	});

	it('lets istio-cni install a netfilter hook from net', async () => {
		const code =
			"import type { NetfilterHook } from '../net/netfilter.ts';\nimport { HBONE_PORT } from '../istio/ports.ts';\nexport const p: NetfilterHook = { chain: 'X', prerouting: () => ({ type: 'tproxy', port: HBONE_PORT }) };\n";
		expect(await lint('src/mesh/cni/probe.ts', code)).toEqual([]);
	});

	it('lets an owner import a contract room', async () => {
		const code =
			"import { ISTIO_VERSION } from '../istio/version.ts';\nimport { isPodReady } from '../api/pod-ready.ts';\nexport const p = [ISTIO_VERSION, isPodReady];\n";
		expect(await lint('src/mesh/istiod/probe.ts', code)).toEqual([]);
	});
}, 60_000);
