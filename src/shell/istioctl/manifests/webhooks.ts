/**
 * The admission webhook configurations Istio's charts render (1.30.3):
 * - istio-discovery templates/mutatingwebhook.yaml: `istio-sidecar-injector`, the default
 *   revision's four injector entries;
 * - istio-discovery templates/validatingwebhookconfiguration.yaml: `istio-validator-istio-system`,
 *   `rev.validation.istio.io` for objects labelled with the revision;
 * - base templates/defaultrevision-validatingwebhookconfiguration.yaml (Helm's `base` chart,
 *   `defaultRevision: default`) and charts/default validatingwebhook.yaml (what `istioctl tag`
 *   renders for the `default` tag): `istiod-default-validator`, `validation.istio.io`.
 * Fields are the templates'; the API server adds its defaults (matchPolicy, timeoutSeconds …).
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { injectorWebhooks, type InjectorWebhook } from '../../../mesh/istiod/injector-webhooks.ts';
import { chartLabels, ISTIO_NAMESPACE, objectMeta, ownerLabels } from './labels.ts';

export const INJECTOR_WEBHOOK_CONFIG = 'istio-sidecar-injector';
export const REVISION_VALIDATOR = `istio-validator-${ISTIO_NAMESPACE}`;
export const DEFAULT_VALIDATOR = 'istiod-default-validator';
const ADMISSION_V1 = 'admissionregistration.k8s.io/v1';

/** Where the API server sends an injector entry's requests (a tag's: the revision's istiod). */
export interface InjectorTarget {
	readonly service: string;
	readonly namespace: string;
	readonly path: string;
	readonly reinvocationPolicy: string;
}

const DEFAULT_TARGET: InjectorTarget = {
	service: 'istiod',
	namespace: ISTIO_NAMESPACE,
	path: '/inject',
	reinvocationPolicy: 'Never'
};

/** The chart's `core` block: where and when the API server calls the injector. */
export function injectorEntry(
	w: InjectorWebhook,
	target: InjectorTarget = DEFAULT_TARGET
): Record<string, unknown> {
	return {
		name: w.name,
		clientConfig: {
			service: { name: target.service, namespace: target.namespace, path: target.path, port: 443 }
		},
		sideEffects: 'None',
		rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
		failurePolicy: 'Fail',
		reinvocationPolicy: target.reinvocationPolicy,
		admissionReviewVersions: ['v1'],
		namespaceSelector: structuredClone(w.namespaceSelector),
		objectSelector: structuredClone(w.objectSelector)
	};
}

/** The groups istiod's validation webhook checks, on CREATE and UPDATE. */
const VALIDATION_RULES = [
	{
		operations: ['CREATE', 'UPDATE'],
		apiGroups: [
			'security.istio.io',
			'networking.istio.io',
			'telemetry.istio.io',
			'extensions.istio.io'
		],
		apiVersions: ['*'],
		resources: ['*']
	}
];

/**
 * `webhookName` and `objectSelector` are the two templates' differences. `failurePolicy: Ignore`
 * is the chart's for a first install ("Fail open until the validation webhook is ready").
 */
export function validationEntry(
	webhookName: string,
	objectSelector?: Record<string, unknown>
): Record<string, unknown> {
	return {
		name: webhookName,
		clientConfig: {
			service: { name: 'istiod', namespace: ISTIO_NAMESPACE, path: '/validate' }
		},
		rules: structuredClone(VALIDATION_RULES),
		failurePolicy: 'Ignore',
		sideEffects: 'None',
		admissionReviewVersions: ['v1'],
		...(objectSelector ? { objectSelector } : {})
	};
}

/** What the istiod chart renders: the injector and the revision's validator. */
export function istiodWebhooks(): KubeObject[] {
	const chart = chartLabels('istiod', 'istiod');
	return [
		{
			apiVersion: ADMISSION_V1,
			kind: 'MutatingWebhookConfiguration',
			metadata: objectMeta(
				INJECTOR_WEBHOOK_CONFIG,
				{
					app: 'sidecar-injector',
					release: 'istiod',
					'app.kubernetes.io/name': 'istiod',
					...chart,
					...ownerLabels('Pilot')
				},
				''
			),
			webhooks: injectorWebhooks().map((w) => injectorEntry(w))
		},
		{
			apiVersion: ADMISSION_V1,
			kind: 'ValidatingWebhookConfiguration',
			metadata: objectMeta(
				REVISION_VALIDATOR,
				{
					app: 'istiod',
					release: 'istiod',
					istio: 'istiod',
					'app.kubernetes.io/name': 'istiod',
					...chart,
					...ownerLabels('Pilot')
				},
				''
			),
			webhooks: [
				validationEntry('rev.validation.istio.io', {
					matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }]
				})
			]
		}
	];
}

/**
 * The `default` revision's validator. The `default` chart (a tag's) limits it to objects of no
 * revision (`istio.io/rev` absent); the base chart's has no object selector.
 */
export function defaultValidator(labels: Record<string, string>, tagChart: boolean): KubeObject {
	return {
		apiVersion: ADMISSION_V1,
		kind: 'ValidatingWebhookConfiguration',
		metadata: objectMeta(DEFAULT_VALIDATOR, labels, ''),
		webhooks: [
			validationEntry(
				'validation.istio.io',
				tagChart
					? { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }] }
					: undefined
			)
		]
	};
}

/** The base chart's `istiod-default-validator` (Helm only: istioctl's profiles set no defaultRevision). */
export function baseDefaultValidator(): KubeObject {
	return defaultValidator(
		{
			app: 'istiod',
			release: 'base',
			istio: 'istiod',
			'istio.io/rev': 'default',
			'app.kubernetes.io/name': 'istiod',
			...chartLabels('base', 'base')
		},
		false
	);
}
