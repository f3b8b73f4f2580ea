/**
 * The init container injection-template.yaml puts before the proxy: `istio-init`, which runs
 * istio-iptables to install the pod's redirection (NET_ADMIN and NET_RAW, as root), or, when
 * istio-cni installs the rules (`pilot.cni.enabled`), `istio-validation`, which only checks them
 * (`--run-validation --skip-rule-apply`, as the proxy's uid 1337). Both run to completion
 * before the proxy and the app start.
 */
import type { Container } from '../api/objects.ts';
import type { InjectionValues } from './injection-values.ts';

export const INIT_CONTAINER = 'istio-init';
export const VALIDATION_CONTAINER = 'istio-validation';

/** The container's name for these values. */
export const initContainerName = (values: InjectionValues): string =>
	values.cni ? VALIDATION_CONTAINER : INIT_CONTAINER;

/** global.proxy.resources, as the template's "resources" block renders them. */
export const PROXY_RESOURCES = {
	limits: { cpu: '2', memory: '1Gi' },
	requests: { cpu: '100m', memory: '128Mi' }
};

export function initContainer(image: string, values: InjectionValues): Container {
	const metadata = Object.entries(values.proxyMetadata);
	return {
		name: initContainerName(values),
		image,
		args: [
			'istio-iptables',
			'-p',
			'15001',
			'-z',
			'15006',
			'-u',
			'1337',
			'-m',
			'REDIRECT',
			'-i',
			'*',
			'-x',
			'',
			'-b',
			'*',
			'-d',
			'15090,15021,15020',
			'--log_output_level=default:info',
			...(values.cni ? ['--run-validation', '--skip-rule-apply'] : [])
		],
		...(metadata.length > 0 ? { env: metadata.map(([name, value]) => ({ name, value })) } : {}),
		resources: PROXY_RESOURCES,
		securityContext: values.cni
			? {
					allowPrivilegeEscalation: false,
					privileged: false,
					capabilities: { drop: ['ALL'] },
					readOnlyRootFilesystem: true,
					runAsGroup: 1337,
					runAsUser: 1337,
					runAsNonRoot: true
				}
			: {
					allowPrivilegeEscalation: false,
					privileged: false,
					capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
					readOnlyRootFilesystem: false,
					runAsGroup: 0,
					runAsNonRoot: false,
					runAsUser: 0
				}
	} as Container;
}
