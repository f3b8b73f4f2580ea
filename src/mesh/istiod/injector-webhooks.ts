/**
 * The webhook entries of Istio's sidecar injector, as its charts render them and as the API server
 * reads them back. istio-discovery templates/mutatingwebhook.yaml gives a revision's
 * `istio-sidecar-injector` four entries (`rev.namespace.`, `rev.object.` for `istio.io/rev`, and,
 * for the default revision, `namespace.` and `object.` for `istio-injection` and
 * `sidecar.istio.io/inject`); revision-tags-mwc.yaml gives a tag's `istio-revision-tag-<tag>`
 * the two `rev.` entries for the tag's name, plus the legacy two when the tag is `default`.
 *
 * The API server calls a webhook when its rules cover pod CREATE and both selectors match; the
 * call reaches istiod when the webhook's Service (istiod or a tag's `istiod-revision-tag-<tag>`)
 * selects a ready istiod pod. Other webhooks are stored but never called here.
 */
import { MUTATING_WEBHOOK_CONFIGURATIONS, PODS, SERVICES } from '../api/builtin-resources.ts';
import { isPlainObject } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { LabelSelector, Pod } from '../api/objects.ts';
import { isPodReady } from '../api/pod-ready.ts';
import { mapSelects } from '../api/selectors.ts';
import type { ClusterApiServer } from '../api/store.ts';

export const INJECTION_LABEL = 'istio-injection';
export const INJECT_LABEL = 'sidecar.istio.io/inject';
export const REVISION_LABEL = 'istio.io/rev';
/** The label a revision tag's webhook configuration and Service carry (istio.io/api label). */
export const TAG_LABEL = 'istio.io/tag';
/** The revision `istioctl install` creates, and the only one we serve. */
export const DEFAULT_REVISION = 'default';

/** One entry of a MutatingWebhookConfiguration's `webhooks`, the fields injection reads. */
export interface InjectorWebhook {
	readonly name: string;
	readonly namespaceSelector: LabelSelector;
	readonly objectSelector: LabelSelector;
}

type Requirement = NonNullable<LabelSelector['matchExpressions']>[number];
const NOT_FALSE: Requirement = { key: INJECT_LABEL, operator: 'NotIn', values: ['false'] };
const exists = (key: string): Requirement => ({ key, operator: 'DoesNotExist' });
const isIn = (key: string, value: string): Requirement => ({
	key,
	operator: 'In',
	values: [value]
});

/**
 * istioctl/pkg/util NeverMatch: what `DeactivateIstioInjectionWebhook` sets on every entry of the
 * default revision's own configuration once the `default` tag takes over its job.
 */
export const NEVER_MATCH: LabelSelector = {
	matchLabels: { 'istio.io/deactivated': 'never-match' }
};

/** The namespaces `enableNamespacesByDefault` leaves out (the chart's `auto.` entry). */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/**
 * The entries for `name` (a revision, or a tag): the two `rev.` entries select `istio.io/rev=name`,
 * and `default` also gets the legacy `istio-injection` / `sidecar.istio.io/inject` pair, plus with
 * `enableNamespacesByDefault` (`auto`) the `auto.` entry for pods and namespaces of no label.
 */
export function injectorWebhooks(name: string = DEFAULT_REVISION, auto = false): InjectorWebhook[] {
	const rev: InjectorWebhook[] = [
		{
			name: 'rev.namespace.sidecar-injector.istio.io',
			namespaceSelector: {
				matchExpressions: [isIn(REVISION_LABEL, name), exists(INJECTION_LABEL)]
			},
			objectSelector: { matchExpressions: [NOT_FALSE] }
		},
		{
			name: 'rev.object.sidecar-injector.istio.io',
			namespaceSelector: {
				matchExpressions: [exists(REVISION_LABEL), exists(INJECTION_LABEL)]
			},
			objectSelector: { matchExpressions: [NOT_FALSE, isIn(REVISION_LABEL, name)] }
		}
	];
	if (name !== DEFAULT_REVISION) return rev;
	return [
		...rev,
		{
			name: 'namespace.sidecar-injector.istio.io',
			namespaceSelector: { matchExpressions: [isIn(INJECTION_LABEL, 'enabled')] },
			objectSelector: { matchExpressions: [NOT_FALSE] }
		},
		{
			name: 'object.sidecar-injector.istio.io',
			namespaceSelector: {
				matchExpressions: [exists(INJECTION_LABEL), exists(REVISION_LABEL)]
			},
			objectSelector: {
				matchExpressions: [isIn(INJECT_LABEL, 'true'), exists(REVISION_LABEL)]
			}
		},
		...(auto
			? [
					{
						name: 'auto.sidecar-injector.istio.io',
						namespaceSelector: {
							matchExpressions: [
								exists(INJECTION_LABEL),
								exists(REVISION_LABEL),
								{
									key: 'kubernetes.io/metadata.name',
									operator: 'NotIn' as const,
									values: SYSTEM_NAMESPACES
								}
							]
						},
						objectSelector: { matchExpressions: [exists(INJECT_LABEL), exists(REVISION_LABEL)] }
					}
				]
			: [])
	];
}

type Obj = Record<string, unknown>;
const asObj = (x: unknown): Obj => (isPlainObject(x) ? x : {});
const strings = (x: unknown): string[] =>
	Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
const covers = (list: string[], value: string): boolean =>
	list.includes('*') || list.includes(value);

/** A rule that sends pod CREATE (core v1 `pods`) to the webhook. */
function coversPodCreate(rule: Obj): boolean {
	return (
		covers(strings(rule['operations']), 'CREATE') &&
		covers(strings(rule['apiGroups']), '') &&
		covers(strings(rule['apiVersions']), 'v1') &&
		(covers(strings(rule['resources']), 'pods') || strings(rule['resources']).includes('*/*'))
	);
}

/** The webhook's Service selects a ready istiod pod: istiod will answer the call. */
function istiodAnswers(api: ClusterApiServer, service: Obj): boolean {
	const ns = typeof service['namespace'] === 'string' ? service['namespace'] : '';
	const name = typeof service['name'] === 'string' ? service['name'] : '';
	const path = typeof service['path'] === 'string' ? service['path'] : '';
	if (!path.startsWith('/inject')) return false;
	const svc = api.peekObject(SERVICES, ns, name);
	const selector = asObj(asObj(svc?.['spec'])['selector']) as Record<string, string>;
	if (!svc) return false;
	const pods = api.peek(PODS, { namespace: ns });
	return (
		!isApiError(pods) &&
		pods.some(
			(p) =>
				p.metadata.labels?.['app'] === 'istiod' &&
				mapSelects(selector, p.metadata.labels) &&
				isPodReady(p as Pod)
		)
	);
}

const selectorOf = (x: unknown): LabelSelector => asObj(x) as LabelSelector;

/**
 * The injector entries the API server would call istiod through for a pod CREATE, in the order
 * it calls them (configurations by name, then each one's entries in order).
 */
export function calledInjectorWebhooks(api: ClusterApiServer): InjectorWebhook[] {
	const configs = api.peek(MUTATING_WEBHOOK_CONFIGURATIONS);
	if (isApiError(configs)) return [];
	const out: InjectorWebhook[] = [];
	const sorted = [...configs].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
	for (const config of sorted)
		for (const raw of Array.isArray(config['webhooks']) ? config['webhooks'] : []) {
			const w = asObj(raw);
			const rules = Array.isArray(w['rules']) ? w['rules'].map(asObj) : [];
			if (!rules.some(coversPodCreate)) continue;
			const service = asObj(asObj(w['clientConfig'])['service']);
			if (!istiodAnswers(api, service)) continue;
			out.push({
				name: typeof w['name'] === 'string' ? w['name'] : '',
				namespaceSelector: selectorOf(w['namespaceSelector']),
				objectSelector: selectorOf(w['objectSelector'])
			});
		}
	return out;
}
