/**
 * Pod discovery and relabelling, from Prometheus's discovery/kubernetes/pod.go (the
 * `__meta_kubernetes_pod_*` labels, one target per container port) and model/relabel, run with
 * the `kubernetes-pods` job of Istio 1.30.3's samples/addons/prometheus.yaml.
 */
import { describe, expect, it } from 'vitest';
import { parsePrometheusConfig } from '../../../../src/mesh/apps/prometheus/config.ts';
import { podTargets, sanitizeLabelName } from '../../../../src/mesh/apps/prometheus/discovery.ts';
import { jobTargets } from '../../../../src/mesh/apps/prometheus/scrape.ts';
import { PROMETHEUS_YAML } from '../../../../src/shell/samples/addons/prometheus.ts';
import { parseAllDocuments } from 'yaml';
import type { SdPod } from '../../../../src/mesh/runtime/kubernetes-sd.ts';

const configText = (): string => {
	for (const d of parseAllDocuments(PROMETHEUS_YAML)) {
		const o = d.toJS() as { kind: string; data?: Record<string, string> };
		if (o.kind === 'ConfigMap') return o.data?.['prometheus.yml'] ?? '';
	}
	return '';
};

const ztunnel: SdPod = {
	namespace: 'istio-system',
	name: 'ztunnel-abcde',
	uid: 'u1',
	ip: '10.244.1.7',
	hostIp: '172.18.0.3',
	node: 'ambient-worker',
	phase: 'Running',
	ready: true,
	labels: { app: 'ztunnel', 'app.kubernetes.io/name': 'ztunnel' },
	annotations: { 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' },
	controller: { kind: 'DaemonSet', name: 'ztunnel' },
	containers: [
		{
			name: 'istio-proxy',
			image: 'docker.io/istio/ztunnel:1.30.3-distroless',
			init: false,
			ports: [
				{ name: 'ztunnel-stats', number: 15020, protocol: 'TCP' },
				{ name: 'health', number: 15021, protocol: 'TCP' }
			]
		}
	]
};

describe('kubernetes_sd role pod', () => {
	it('sanitizes label names as strutil.SanitizeLabelName does', () => {
		expect(sanitizeLabelName('app.kubernetes.io/name')).toBe('app_kubernetes_io_name');
	});

	it('gives one target per container port with the pod and port meta labels', () => {
		const targets = podTargets(ztunnel);
		expect(targets.map((t) => t['__address__'])).toEqual(['10.244.1.7:15020', '10.244.1.7:15021']);
		expect(targets[0]).toMatchObject({
			__meta_kubernetes_namespace: 'istio-system',
			__meta_kubernetes_pod_name: 'ztunnel-abcde',
			__meta_kubernetes_pod_label_app_kubernetes_io_name: 'ztunnel',
			__meta_kubernetes_pod_labelpresent_app: 'true',
			__meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
			__meta_kubernetes_pod_controller_kind: 'DaemonSet',
			__meta_kubernetes_pod_container_port_name: 'ztunnel-stats',
			__meta_kubernetes_pod_container_port_number: '15020',
			__meta_kubernetes_pod_phase: 'Running',
			__meta_kubernetes_pod_ready: 'true'
		});
	});
});

describe("the addon's kubernetes-pods job", () => {
	const config = parsePrometheusConfig(configText());
	if (typeof config === 'string') throw new Error(config);
	const job = config.jobs.find((j) => j.name === 'kubernetes-pods');
	if (!job) throw new Error('no kubernetes-pods job');

	it('scrapes every 15 s', () => {
		expect(config.intervalMs).toBe(15_000);
	});

	it('keeps annotated pods once, at the annotated port, with their labels mapped', () => {
		expect(jobTargets(job, [ztunnel])).toEqual([
			{
				job: 'kubernetes-pods',
				url: 'http://10.244.1.7:15020/metrics',
				labels: {
					job: 'kubernetes-pods',
					app: 'ztunnel',
					app_kubernetes_io_name: 'ztunnel',
					namespace: 'istio-system',
					pod: 'ztunnel-abcde',
					node: 'ambient-worker',
					instance: '10.244.1.7:15020'
				}
			}
		]);
	});

	it('follows prometheus.io/path, and drops pods without the scrape annotation or not running', () => {
		const waypoint: SdPod = {
			...ztunnel,
			name: 'waypoint-1',
			annotations: { ...ztunnel.annotations, 'prometheus.io/path': '/stats/prometheus' }
		};
		expect(jobTargets(job, [waypoint])[0]?.url).toBe('http://10.244.1.7:15020/stats/prometheus');
		expect(jobTargets(job, [{ ...ztunnel, annotations: {} }])).toEqual([]);
		expect(jobTargets(job, [{ ...ztunnel, phase: 'Pending' }])).toEqual([]);
	});
});
