import { describe, expect, it } from 'vitest';
import {
	type EnrolmentOptions,
	ambientEnabled,
	applyRedirectionChange,
	namespaceLogLine,
	redirectionChange
} from '../../../src/mesh/cni/enrolment.ts';
import { namespace, pod, type PodOptions } from '../istiod/fixtures.ts';

const installed: EnrolmentOptions = { istioInstalled: true };
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const NONE = { 'istio.io/dataplane-mode': 'none' };

describe('ambientEnabled (istio-cni enablement selectors)', () => {
	const cases: {
		name: string;
		ns: Record<string, string>;
		pod: PodOptions;
		options?: EnrolmentOptions;
		expected: { enrolled: boolean; reason: string };
	}[] = [
		{
			name: 'namespace label enrols its pods',
			ns: AMBIENT,
			pod: {},
			expected: { enrolled: true, reason: 'namespace-label' }
		},
		{
			name: 'pod label enrols the pod in an unlabelled namespace',
			ns: {},
			pod: { labels: AMBIENT },
			expected: { enrolled: true, reason: 'pod-label' }
		},
		{
			name: 'pod label wins over a namespace opting out',
			ns: NONE,
			pod: { labels: AMBIENT },
			expected: { enrolled: true, reason: 'pod-label' }
		},
		{
			name: 'pod `none` opts out of an ambient namespace',
			ns: AMBIENT,
			pod: { labels: NONE },
			expected: { enrolled: false, reason: 'pod-opt-out' }
		},
		{
			name: 'sidecar annotation wins: sidecar mode takes precedence',
			ns: AMBIENT,
			pod: { labels: AMBIENT, annotations: { 'sidecar.istio.io/status': '{}' } },
			expected: { enrolled: false, reason: 'sidecar' }
		},
		{
			name: 'label removed: not enrolled',
			ns: {},
			pod: { annotations: { 'ambient.istio.io/redirection': 'enabled' } },
			expected: { enrolled: false, reason: 'not-labelled' }
		},
		{
			name: 'other label values do not enrol',
			ns: { 'istio.io/dataplane-mode': 'Ambient' },
			pod: {},
			expected: { enrolled: false, reason: 'not-labelled' }
		},
		{
			name: 'host-network pods can never be captured',
			ns: AMBIENT,
			pod: { hostNetwork: true },
			expected: { enrolled: false, reason: 'host-network' }
		},
		{
			name: 'kube-system is excluded by the chart default',
			ns: AMBIENT,
			pod: { namespace: 'kube-system' },
			expected: { enrolled: false, reason: 'excluded-namespace' }
		},
		{
			name: 'a configured exclude list replaces the default',
			ns: AMBIENT,
			pod: { namespace: 'kube-system' },
			options: { istioInstalled: true, excludeNamespaces: ['legacy'] },
			expected: { enrolled: true, reason: 'namespace-label' }
		},
		{
			name: 'istiod in istio-system is not labelled, so not enrolled',
			ns: {},
			pod: { namespace: 'istio-system', labels: { app: 'istiod' } },
			expected: { enrolled: false, reason: 'not-labelled' }
		},
		{
			name: 'ztunnel pods are never enrolled, even in a labelled namespace',
			ns: AMBIENT,
			pod: { namespace: 'istio-system', labels: { app: 'ztunnel' } },
			expected: { enrolled: false, reason: 'ztunnel' }
		},
		{
			name: 'istio-cni pods (host network, dataplane-mode=none) are never enrolled',
			ns: AMBIENT,
			pod: {
				namespace: 'istio-system',
				labels: { 'k8s-app': 'istio-cni-node', ...NONE },
				hostNetwork: true
			},
			expected: { enrolled: false, reason: 'host-network' }
		},
		{
			name: 'before install nothing is enrolled',
			ns: AMBIENT,
			pod: { labels: AMBIENT },
			options: { istioInstalled: false },
			expected: { enrolled: false, reason: 'not-installed' }
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const p = pod('p', c.pod);
			const ns = namespace(p.metadata.namespace ?? 'default', c.ns);
			expect(ambientEnabled(p, ns, c.options ?? installed)).toEqual(c.expected);
		});
	}

	it('a missing namespace object counts as unlabelled', () => {
		expect(ambientEnabled(pod('p'), undefined, installed).enrolled).toBe(false);
	});
});

describe('redirection annotation (cni/pkg/util/podutil.go)', () => {
	it('annotates a newly enrolled pod and removes it when the pod leaves', () => {
		const p = pod('p', { labels: AMBIENT });
		const yes = ambientEnabled(p, namespace('default'), installed);
		expect(redirectionChange(p, yes)).toBe('annotate');
		applyRedirectionChange(p, 'annotate');
		expect(p.metadata.annotations).toEqual({ 'ambient.istio.io/redirection': 'enabled' });
		expect(redirectionChange(p, yes)).toBe('none');

		p.metadata.labels = {};
		const no = ambientEnabled(p, namespace('default'), installed);
		expect(redirectionChange(p, no)).toBe('unannotate');
		applyRedirectionChange(p, 'unannotate');
		expect(p.metadata.annotations).toBeUndefined();
	});

	it('keeps other annotations when unannotating', () => {
		const p = pod('p', {
			annotations: { 'ambient.istio.io/redirection': 'enabled', keep: 'me' }
		});
		applyRedirectionChange(p, 'unannotate');
		expect(p.metadata.annotations).toEqual({ keep: 'me' });
	});
});

describe('namespaceLogLine (informers.go enqueueNamespace)', () => {
	it.each([
		['default', AMBIENT, 'Namespace default is enabled in ambient mesh'],
		['default', {}, 'Namespace default is disabled from ambient mesh'],
		[
			'kube-system',
			AMBIENT,
			'Namespace kube-system is labeled for ambient mesh but is excluded by excludeNamespaces configuration; pods will not be enrolled'
		]
	])('%s %j', (ns, labels, line) => {
		expect(namespaceLogLine(ns, labels)).toBe(line);
	});
});
