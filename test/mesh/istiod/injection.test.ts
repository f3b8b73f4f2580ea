/**
 * Which pods get a sidecar (the webhook's selectors, then istiod's injectRequired) and what the
 * template adds; and Istio's rule when a pod is labelled for both modes: the sidecar wins,
 * istio-cni leaves the injected pod alone.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { ambientEnabled } from '../../../src/mesh/cni/enrolment.ts';
import {
	injectionDecision,
	injectSidecar,
	PROXY_IMAGE,
	type InjectionReason
} from '../../../src/mesh/istiod/injection.ts';
import {
	injectorWebhooks,
	NEVER_MATCH,
	type InjectorWebhook
} from '../../../src/mesh/istiod/injector-webhooks.ts';

function ns(labels: Record<string, string> = {}, name = 'demo'): KubeObject {
	return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } as KubeObject;
}

function pod(
	labels: Record<string, string> = {},
	extra: { annotations?: Record<string, string>; namespace?: string; hostNetwork?: boolean } = {}
): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: 'httpbin-7d5b9c6f4d-x2x8m',
			generateName: 'httpbin-7d5b9c6f4d-',
			namespace: extra.namespace ?? 'demo',
			labels: { app: 'httpbin', version: 'v1', 'pod-template-hash': '7d5b9c6f4d', ...labels },
			...(extra.annotations ? { annotations: extra.annotations } : {}),
			ownerReferences: [
				{
					apiVersion: 'apps/v1',
					kind: 'ReplicaSet',
					name: 'httpbin-7d5b9c6f4d',
					uid: 'u',
					controller: true
				}
			]
		},
		spec: {
			containers: [
				{ name: 'httpbin', image: 'mccutchen/go-httpbin', ports: [{ containerPort: 8080 }] }
			],
			...(extra.hostNetwork ? { hostNetwork: true } : {})
		}
	} as unknown as Pod;
}

/** files/injection-template.yaml's volumes, in its order (istio 1.30.3). */
const TEMPLATE_VOLUMES = [
	'workload-socket',
	'credential-socket',
	'workload-certs',
	'istio-envoy',
	'istio-data',
	'istio-podinfo',
	'istio-token',
	'istiod-ca-cert',
	'istio-ca-crl'
];

describe('injectionDecision', () => {
	const cases: {
		name: string;
		ns: Record<string, string>;
		pod?: Record<string, string>;
		annotations?: Record<string, string>;
		namespace?: string;
		hostNetwork?: boolean;
		installed?: boolean;
		expected: InjectionReason;
		webhook?: string;
	}[] = [
		{
			name: 'namespace istio-injection=enabled',
			ns: { 'istio-injection': 'enabled' },
			expected: 'injected',
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{ name: 'unlabelled namespace and pod', ns: {}, expected: 'no-webhook' },
		{
			name: 'pod sidecar.istio.io/inject=true in an unlabelled namespace',
			ns: {},
			pod: { 'sidecar.istio.io/inject': 'true' },
			expected: 'injected',
			webhook: 'object.sidecar-injector.istio.io'
		},
		{
			name: 'pod opts out in an enabled namespace',
			ns: { 'istio-injection': 'enabled' },
			pod: { 'sidecar.istio.io/inject': 'false' },
			expected: 'no-webhook'
		},
		{
			name: 'legacy annotation opts out (istiod decides, the webhook was called)',
			ns: { 'istio-injection': 'enabled' },
			annotations: { 'sidecar.istio.io/inject': 'false' },
			expected: 'opted-out',
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{
			name: 'the label wins over the annotation',
			ns: { 'istio-injection': 'enabled' },
			pod: { 'sidecar.istio.io/inject': 'true' },
			annotations: { 'sidecar.istio.io/inject': 'false' },
			expected: 'injected',
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{
			name: 'namespace disabled beats the pod label',
			ns: { 'istio-injection': 'disabled' },
			pod: { 'sidecar.istio.io/inject': 'true' },
			expected: 'no-webhook'
		},
		{
			name: 'namespace istio.io/rev=default',
			ns: { 'istio.io/rev': 'default' },
			expected: 'injected',
			webhook: 'rev.namespace.sidecar-injector.istio.io'
		},
		{
			name: 'pod istio.io/rev=default',
			ns: {},
			pod: { 'istio.io/rev': 'default' },
			expected: 'injected',
			webhook: 'rev.object.sidecar-injector.istio.io'
		},
		{
			name: 'another revision is not ours',
			ns: { 'istio.io/rev': 'canary' },
			expected: 'no-webhook'
		},
		{
			name: 'both labels: istio-injection and dataplane-mode=ambient still inject',
			ns: { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' },
			expected: 'injected',
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{
			name: 'Istio not installed',
			ns: { 'istio-injection': 'enabled' },
			installed: false,
			expected: 'not-installed'
		},
		{
			name: 'host network',
			ns: { 'istio-injection': 'enabled' },
			hostNetwork: true,
			expected: 'host-network',
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{
			name: 'kube-system is never injected',
			ns: {},
			pod: { 'sidecar.istio.io/inject': 'true' },
			namespace: 'kube-system',
			expected: 'ignored-namespace',
			webhook: 'object.sidecar-injector.istio.io'
		},
		{
			name: 'already injected',
			ns: { 'istio-injection': 'enabled' },
			annotations: { 'sidecar.istio.io/status': '{}' },
			expected: 'already-injected',
			webhook: 'namespace.sidecar-injector.istio.io'
		}
	];
	it.each(cases)('$name', (c) => {
		const p = pod(c.pod, {
			...(c.annotations ? { annotations: c.annotations } : {}),
			...(c.namespace ? { namespace: c.namespace } : {}),
			...(c.hostNetwork ? { hostNetwork: true } : {})
		});
		const d = injectionDecision(p, ns(c.ns), c.installed === false ? [] : injectorWebhooks());
		expect(d.reason).toBe(c.expected);
		expect(d.inject).toBe(c.expected === 'injected');
		expect(d.webhook).toBe(c.webhook);
	});
});

describe('injectSidecar', () => {
	it('adds istio-proxy as a native sidecar, the status annotation and the mesh labels', () => {
		const p = pod();
		p.spec.initContainers = [{ name: 'migrate', image: 'busybox' }];
		injectSidecar(p);
		expect(p.spec.containers.map((c) => c.name)).toEqual(['httpbin']);
		// webhook.go reorderPod: {istio-init/istio-validation} => proxy => rest, so the pod's own
		// init containers are in the mesh.
		expect(p.spec.initContainers?.map((c) => c.name)).toEqual([
			'istio-validation',
			'istio-proxy',
			'migrate'
		]);
		const proxy = p.spec.initContainers?.[1];
		expect(proxy?.restartPolicy).toBe('Always');
		expect(proxy?.['startupProbe']).toMatchObject({ periodSeconds: 1, failureThreshold: 600 });
		expect(proxy?.image).toBe(PROXY_IMAGE);
		expect(proxy?.image).toBe('docker.io/istio/proxyv2:1.30.3');
		expect(proxy?.args?.slice(0, 2)).toEqual(['proxy', 'sidecar']);
		expect(proxy?.imagePullPolicy).toBe('IfNotPresent');
		expect(proxy?.env?.find((e) => e.name === 'ISTIO_META_WORKLOAD_NAME')?.value).toBe('httpbin');
		expect(p.metadata.labels).toMatchObject({
			'security.istio.io/tlsMode': 'istio',
			'networking.istio.io/tunnel': 'http',
			'service.istio.io/canonical-name': 'httpbin',
			'service.istio.io/canonical-revision': 'v1'
		});
		expect(p.metadata.annotations).toMatchObject({
			'kubectl.kubernetes.io/default-container': 'httpbin',
			'istio.io/rev': 'default'
		});
		expect(JSON.parse(p.metadata.annotations?.['sidecar.istio.io/status'] ?? '')).toEqual({
			initContainers: ['istio-validation', 'istio-proxy'],
			containers: null,
			volumes: TEMPLATE_VOLUMES,
			imagePullSecrets: null,
			revision: 'default'
		});
		const volumes = (p.spec['volumes'] as { name: string }[]).map((v) => v.name);
		expect(volumes.slice(0, TEMPLATE_VOLUMES.length)).toEqual(TEMPLATE_VOLUMES);
		expect(proxy?.['volumeMounts']).toContainEqual({
			mountPath: '/var/run/secrets/tokens',
			name: 'istio-token'
		});
	});

	it('keeps istio-proxy a plain container when the pod says sidecar.istio.io/nativeSidecar: "false"', () => {
		const p = pod({}, { annotations: { 'sidecar.istio.io/nativeSidecar': 'false' } });
		injectSidecar(p);
		expect(p.spec.containers.map((c) => c.name)).toEqual(['httpbin', 'istio-proxy']);
		expect(p.spec.initContainers?.map((c) => c.name)).toEqual(['istio-validation']);
		expect(p.spec.containers[1]?.restartPolicy).toBeUndefined();
		expect(JSON.parse(p.metadata.annotations?.['sidecar.istio.io/status'] ?? '')).toMatchObject({
			initContainers: ['istio-validation'],
			containers: ['istio-proxy']
		});
	});

	// injection-template.yaml: without istio-cni (`pilot.cni.enabled` false, the default profile)
	// istio-init installs the rules as root with NET_ADMIN/NET_RAW; no HBONE metadata, no tunnel
	// label, none of the CNI-only traffic annotations.
	it("adds istio-init, and no HBONE, with the default profile's values", () => {
		const p = pod();
		p.spec.initContainers = [{ name: 'migrate', image: 'busybox' }];
		injectSidecar(p, { proxyMetadata: {}, cni: false });
		expect(p.spec.initContainers?.map((c) => c.name)).toEqual([
			'istio-init',
			'istio-proxy',
			'migrate'
		]);
		const init = p.spec.initContainers?.[0];
		expect(init?.args).toEqual(
			'istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i * -x  -b * -d 15090,15021,15020 --log_output_level=default:info'.split(
				' '
			)
		);
		expect(init?.['securityContext']).toMatchObject({
			capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
			runAsUser: 0,
			runAsNonRoot: false
		});
		expect(init?.env).toBeUndefined();
		const proxy = p.spec.initContainers?.[1];
		expect(proxy?.env?.some((e) => e.name === 'ISTIO_META_ENABLE_HBONE')).toBe(false);
		expect(proxy?.env?.find((e) => e.name === 'PROXY_CONFIG')?.value).toBe(
			'{"discoveryAddress":"istiod.istio-system.svc:15012"}\n'
		);
		expect(p.metadata.labels?.['networking.istio.io/tunnel']).toBeUndefined();
		expect(p.metadata.annotations?.['sidecar.istio.io/interceptionMode']).toBeUndefined();
		expect(JSON.parse(p.metadata.annotations?.['sidecar.istio.io/status'] ?? '')).toMatchObject({
			initContainers: ['istio-init', 'istio-proxy']
		});
	});

	it('puts istio-init last when the proxy is a plain container (reorderPod)', () => {
		const p = pod({}, { annotations: { 'sidecar.istio.io/nativeSidecar': 'false' } });
		p.spec.initContainers = [{ name: 'migrate', image: 'busybox' }];
		injectSidecar(p, { proxyMetadata: {}, cni: false });
		expect(p.spec.initContainers?.map((c) => c.name)).toEqual(['migrate', 'istio-init']);
	});

	it('gives istio-validation the CNI flags and the proxy metadata with the ambient values', () => {
		const p = pod();
		injectSidecar(p);
		const validation = p.spec.initContainers?.[0];
		expect(validation?.args?.slice(-2)).toEqual(['--run-validation', '--skip-rule-apply']);
		expect(validation?.env).toEqual([{ name: 'ISTIO_META_ENABLE_HBONE', value: 'true' }]);
		expect(validation?.['securityContext']).toMatchObject({
			capabilities: { drop: ['ALL'] },
			runAsUser: 1337,
			runAsNonRoot: true
		});
	});

	it('makes istio-cni leave the pod out of ambient even when it is labelled for both', () => {
		const both = ns({ 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' });
		const p = pod();
		expect(ambientEnabled(p, both, { istioInstalled: true }).enrolled).toBe(true);
		injectSidecar(p);
		expect(ambientEnabled(p, both, { istioInstalled: true })).toEqual({
			enrolled: false,
			reason: 'sidecar'
		});
	});
});

/**
 * The entries of other configurations: a revision tag's (revision-tags-mwc.yaml: only the `rev.`
 * pair, for the tag's name) and istio-sidecar-injector once the default tag deactivated it
 * (istioctl/pkg/tag/util.go DeactivateIstioInjectionWebhook: every entry NeverMatch).
 */
describe('injectionDecision with the installed webhooks', () => {
	const deactivated = injectorWebhooks().map((w) => ({
		...w,
		namespaceSelector: NEVER_MATCH,
		objectSelector: NEVER_MATCH
	}));
	it.each<{
		name: string;
		hooks: InjectorWebhook[];
		ns: Record<string, string>;
		webhook: string | undefined;
	}>([
		{
			name: 'tag prod: namespace istio.io/rev=prod',
			hooks: injectorWebhooks('prod'),
			ns: { 'istio.io/rev': 'prod' },
			webhook: 'rev.namespace.sidecar-injector.istio.io'
		},
		{
			name: 'tag prod: istio-injection=enabled is not its job',
			hooks: injectorWebhooks('prod'),
			ns: { 'istio-injection': 'enabled' },
			webhook: undefined
		},
		{
			name: 'deactivated istio-sidecar-injector matches nothing',
			hooks: deactivated,
			ns: { 'istio-injection': 'enabled' },
			webhook: undefined
		},
		{
			name: 'the default tag after it takes the legacy labels',
			hooks: [...deactivated, ...injectorWebhooks('default')],
			ns: { 'istio-injection': 'enabled' },
			webhook: 'namespace.sidecar-injector.istio.io'
		},
		{
			name: 'auto-inject-namespaces: a namespace of no label',
			hooks: injectorWebhooks('default', true),
			ns: {},
			webhook: 'auto.sidecar-injector.istio.io'
		}
	])('$name', ({ hooks, ns: labels, webhook }) => {
		const d = injectionDecision(pod(), ns(labels), hooks);
		expect(d.webhook).toBe(webhook);
		expect(d.inject).toBe(webhook !== undefined);
	});
});
