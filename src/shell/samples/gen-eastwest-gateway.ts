/**
 * What `samples/multicluster/gen-eastwest-gateway.sh` (Istio 1.30.3, multicluster.ts) does when
 * run, step for step: the shell does not parse `case`, `[[ ]]`, `(( ))`, `set` or `shift`, so the
 * shipped script runs as this equivalent (an edited copy runs as a script). Under `set -euo
 * pipefail`, a flag missing its value is bash's unbound-variable error or a failed `shift`.
 */
import type { CommandIO } from '../command.ts';

export const GEN_EASTWEST_GATEWAY_PATH = 'samples/multicluster/gen-eastwest-gateway.sh';

/** Lines of the script bash reports errors at. */
const LINE = { network: 33, revision: 41, ambientCheck: 69 } as const;

function gateway(network: string): string {
	return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: istio-eastwestgateway
  namespace: istio-system
  labels:
    topology.istio.io/network: "${network}"
spec:
  gatewayClassName: "istio-east-west"
  listeners:
    - name: mesh
      port: 15008
      protocol: HBONE
      tls:
        mode: Terminate
        options:
          gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL`;
}

function istioOperator(revision: string, single: boolean, network: string): string {
	const lines = [
		'apiVersion: install.istio.io/v1alpha1',
		'kind: IstioOperator',
		'metadata:',
		'  name: eastwest',
		'spec:',
		`  revision: "${revision}"`,
		'  profile: empty',
		'  components:',
		'    ingressGateways:',
		'      - name: istio-eastwestgateway',
		'        label:',
		'          istio: eastwestgateway',
		'          app: istio-eastwestgateway',
		...(single ? [] : [`          topology.istio.io/network: ${network}`]),
		'        enabled: true',
		'        k8s:',
		...(single
			? []
			: [
					'          env:',
					'            # traffic through this gateway should be routed inside the network',
					'            - name: ISTIO_META_REQUESTED_NETWORK_VIEW',
					`              value: ${network}`
				]),
		'          service:',
		'            ports:',
		'              - name: status-port',
		'                port: 15021',
		'                targetPort: 15021',
		'              - name: tls',
		'                port: 15443',
		'                targetPort: 15443',
		'              - name: tls-istiod',
		'                port: 15012',
		'                targetPort: 15012',
		'              - name: tls-webhook',
		'                port: 15017',
		'                targetPort: 15017',
		'  values:',
		'    gateways:',
		'      istio-ingressgateway:',
		'        injectionTemplate: gateway',
		...(single ? [] : ['    global:', `      network: ${network}`])
	];
	return lines.join('\n');
}

/** `name` is how the script was invoked (bash's $0 in its messages). */
export function genEastwestGateway(name: string, argv: readonly string[], io: CommandIO): number {
	const unbound = (line: number, v: string): number => {
		io.stderr(`${name}: line ${line}: ${v}: unbound variable\n`);
		return 1;
	};
	let single = false;
	let ambient = false;
	let network: string | undefined;
	let revision = '';
	const args = [...argv];
	while (args.length > 0) {
		const a = args[0] as string;
		if (a === '--single-cluster' || a === '--ambient') {
			if (a === '--ambient') ambient = true;
			else single = true;
			args.shift();
		} else if (a === '--cluster' || a === '--mesh' || a === '--network' || a === '--revision') {
			const value = args[1];
			if (a === '--network' || a === '--revision') {
				if (value === undefined)
					return unbound(a === '--network' ? LINE.network : LINE.revision, '$2');
				if (a === '--network') network = value;
				else revision = value;
			}
			// `shift 2` past the last argument fails, and `set -e` ends the script.
			if (value === undefined) return 1;
			args.splice(0, 2);
		} else if (a.startsWith('-')) {
			io.stderr(`Error: Unsupported flag ${a}\n`);
			return 1;
		} else {
			// No case matches and nothing shifts: the real script loops forever here.
			io.stderr(
				`${name}: ${a}: the real script loops forever on an argument no case matches (nothing shifts it); stopped here\n`
			);
			return 1;
		}
	}
	if (!single && !network) {
		io.stdout('Must specify either --single-cluster or --network.\n');
		return 1;
	}
	if (ambient) {
		if (network === undefined) return unbound(LINE.ambientCheck, 'NETWORK');
		if (network === '') {
			io.stdout('Must specify --network with --ambient.\n');
			return 1;
		}
		io.stdout(`${gateway(network)}\n`);
		return 0;
	}
	io.stdout(`${istioOperator(revision, single, network ?? '')}\n`);
	return 0;
}
