/**
 * The soak scene shared by the soak test and `npm run bench`: Bookinfo in ambient mode with a
 * waypoint for the namespace and an L7 AuthorizationPolicy on `details` (GET from curl allowed,
 * anything else denied by the waypoint with a 403), and a request loop from the curl pod
 * straight through the runtime (no shell in between, so only the mesh is measured).
 */
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import type { InProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import { hostId, type HostId } from '../../src/mesh/types.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { inProcessRuntime } from '../support/playground.ts';

const SETUP = `istioctl install --set profile=ambient --skip-confirmation
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: details-get-only
  namespace: default
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: details
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/default/sa/curl
    to:
    - operation:
        methods: ["GET"]
EOF`;

export interface SoakScene {
	readonly playground: Playground;
	readonly runtime: InProcessRuntime;
	/** Request number `i`: a GET (200) or, every fourth, a DELETE the waypoint denies (403). */
	request(i: number): Promise<void>;
	dispose(): Promise<void>;
}

export async function soakScene(): Promise<SoakScene> {
	const runtime = inProcessRuntime();
	const playground = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const out = await runTranscript(SETUP, playground.shell);
	if (/error|Error/.test(out)) throw new Error(`soak setup failed:\n${out}`);
	const curl = curlHost(playground);
	return {
		playground,
		runtime,
		async request(i) {
			const deny = i % 4 === 3;
			const r = await runtime.exec(
				curl,
				'curl',
				[
					'curl',
					'-s',
					'-o',
					'/dev/null',
					'-w',
					'%{http_code}',
					...(deny ? ['-X', 'DELETE'] : []),
					'http://details:9080/details/0'
				],
				''
			);
			const want = deny ? '403' : '200';
			if (r.exitCode !== 0 || r.stdout !== want)
				throw new Error(
					`request ${i}: exit ${r.exitCode}, status ${r.stdout} (want ${want}): ${r.stderr}`
				);
		},
		dispose: () => playground.cluster.dispose()
	};
}

function curlHost(p: Playground): HostId {
	const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: 'default',
		labelSelector: 'app=curl'
	}) as KubeObject[];
	const name = pods[0]?.metadata.name;
	if (!name) throw new Error('no curl pod');
	return hostId(`default/${name}`);
}
