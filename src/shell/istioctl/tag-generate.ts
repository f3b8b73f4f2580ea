/**
 * What a revision tag is made of (istioctl/pkg/tag/generate.go Generate, util.go), shared by
 * `istioctl tag set|generate` and by `istioctl install`, which creates the `default` tag
 * (operator/pkg/webhook/webhook.go WebhooksToDeploy):
 * - the MutatingWebhookConfiguration `istio-revision-tag-<tag>` (revision-tags-mwc.yaml), its
 *   entries pointing at the revision's injector Service with the canonical webhook's path;
 * - for the `default` tag, the ValidatingWebhookConfiguration `istiod-default-validator`
 *   (charts/default validatingwebhook.yaml), and, unless only generating, every entry of the
 *   revision's own injector configuration set to never match (DeactivateIstioInjectionWebhook);
 * - the Service `istiod-revision-tag-<tag>` (revision-tags-svc.yaml), selecting the revision's
 *   istiod pods.
 * The checks run in Generate's order with its errors.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { MUTATING_WEBHOOK_CONFIGURATIONS, SERVICES } from '../../mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import {
	injectorWebhooks,
	NEVER_MATCH,
	REVISION_LABEL,
	TAG_LABEL
} from '../../mesh/istiod/injector-webhooks.ts';
import { chartLabels, objectMeta } from './manifests/labels.ts';
import { istiodServicePorts } from './manifests/istiod.ts';
import { defaultValidator, injectorEntry } from './manifests/webhooks.ts';

export const DEFAULT_TAG = 'default';
const INJECTOR_SUFFIX = 'sidecar-injector.istio.io';
/** manifest.OwningResourceNotPruned: install's prune leaves objects carrying it alone. */
export const NOT_PRUNED = 'install.operator.istio.io/owning-resource-not-pruned';

export interface GenerateOptions {
	readonly tag: string;
	readonly revision: string;
	/** `--webhook-name`: the configuration's name instead of `istio-revision-tag-<tag>`. */
	readonly webhookName?: string;
	/** Only print: no deactivation of the revision's own webhooks. */
	readonly generate: boolean;
	readonly overwrite: boolean;
	/** `--auto-inject-namespaces`: the `auto.` entry (default tag only). */
	readonly autoInjectNamespaces: boolean;
	/** Added to the webhooks and the Service (install: its owner labels). */
	readonly customLabels: Readonly<Record<string, string>>;
	/** `istioctl tag`: labels of the operator (`*operator.istio.io*`) are dropped. */
	readonly userManaged: boolean;
	readonly istioNamespace: string;
}

export interface TagManifests {
	readonly objects: KubeObject[];
	/** The revision's own injector configuration, to deactivate (default tag, not generating). */
	readonly deactivate?: KubeObject;
}

type Obj = Record<string, unknown>;
const asObj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});

function list(api: ApiServer, typed: typeof SERVICES, selector: string, ns?: string): KubeObject[] {
	const r = api.list(typed, { ...(ns ? { namespace: ns } : {}), labelSelector: selector });
	return isApiError(r) ? [] : r;
}

/** util.go GetWebhooksWithRevision: the revision's own configurations, not tags'. */
export const webhooksWithRevision = (api: ApiServer, rev: string): KubeObject[] =>
	list(api, MUTATING_WEBHOOK_CONFIGURATIONS, `${REVISION_LABEL}=${rev},!${TAG_LABEL}`);
/** util.go GetWebhooksWithTag. */
export const webhooksWithTag = (api: ApiServer, tag: string): KubeObject[] =>
	list(api, MUTATING_WEBHOOK_CONFIGURATIONS, `${TAG_LABEL}=${tag}`);
/** util.go GetServicesWithRevision: the revision's istiod Services, not tags'. */
const servicesWithRevision = (api: ApiServer, ns: string, rev: string): KubeObject[] =>
	list(api, SERVICES, `${REVISION_LABEL}=${rev},!${TAG_LABEL},app=istiod`, ns);
/** util.go GetServicesWithTag. */
export const servicesWithTag = (api: ApiServer, ns: string, tag: string): KubeObject[] =>
	list(api, SERVICES, `${TAG_LABEL}=${tag}`, ns);

/** generate.go generateLabels: template, then the canonical webhook's, then the custom ones. */
function labels(
	template: Record<string, string>,
	current: Record<string, string>,
	opts: GenerateOptions
): Record<string, string> {
	const merged = { ...template, ...current, ...opts.customLabels };
	if (opts.userManaged)
		for (const key of Object.keys(merged))
			if (key.includes('operator.istio.io')) delete merged[key];
	return merged;
}

interface Canonical {
	readonly revision: string;
	readonly service: string;
	readonly path: string;
	readonly reinvocationPolicy: string;
	readonly labels: Record<string, string>;
}

/** tagWebhookConfigFromCanonicalWebhook: where the revision's injector is reached. */
function canonical(wh: KubeObject): Canonical | string {
	const revision = wh.metadata.labels?.[REVISION_LABEL];
	if (revision === undefined) return 'could not extract tag revision from webhook';
	const entries = Array.isArray(wh['webhooks']) ? wh['webhooks'].map(asObj) : [];
	const entry = entries.find((w) => String(w['name'] ?? '').endsWith(INJECTOR_SUFFIX));
	if (!entry)
		return `could not find sidecar-injector webhook in canonical webhook "${wh.metadata.name}"`;
	const service = asObj(asObj(entry['clientConfig'])['service']);
	const { app: _app, ...rest } = wh.metadata.labels ?? {};
	return {
		revision,
		service: String(service['name'] ?? ''),
		path: String(service['path'] ?? ''),
		reinvocationPolicy: String(entry['reinvocationPolicy'] ?? ''),
		labels: rest
	};
}

function tagWebhook(c: Canonical, opts: GenerateOptions): KubeObject {
	const entries = injectorWebhooks(opts.tag, opts.autoInjectNamespaces && opts.tag === DEFAULT_TAG);
	const template = {
		[TAG_LABEL]: opts.tag,
		[REVISION_LABEL]: c.revision,
		'install.operator.istio.io/owning-resource': 'unknown',
		'operator.istio.io/component': 'Pilot',
		app: 'sidecar-injector',
		release: 'istiod',
		'app.kubernetes.io/name': 'istiod',
		...chartLabels('istiod', 'istiod')
	};
	return {
		apiVersion: 'admissionregistration.k8s.io/v1',
		kind: 'MutatingWebhookConfiguration',
		metadata: objectMeta(
			opts.webhookName || `istio-revision-tag-${opts.tag}`,
			labels(template, c.labels, opts),
			''
		),
		webhooks: entries.map((w) =>
			injectorEntry(w, {
				service: c.service,
				namespace: opts.istioNamespace,
				path: c.path,
				reinvocationPolicy: c.reinvocationPolicy || 'Never'
			})
		)
	};
}

/** The `default` chart's validator, rendered as release `istio` of chart `istio-default`. */
function tagValidator(c: Canonical, opts: GenerateOptions): KubeObject {
	const template = {
		app: 'istiod',
		istio: 'istiod',
		[REVISION_LABEL]: c.revision,
		[TAG_LABEL]: DEFAULT_TAG,
		'operator.istio.io/component': 'Pilot',
		'app.kubernetes.io/name': 'istiod',
		...chartLabels('istio', 'istio-default')
	};
	return defaultValidator(labels(template, c.labels, opts), true);
}

/** revision-tags-svc.yaml, rendered with `revision=<revision>` (so it selects that label). */
function tagService(opts: GenerateOptions): KubeObject {
	const template = {
		[REVISION_LABEL]: opts.revision,
		[TAG_LABEL]: opts.tag,
		'install.operator.istio.io/owning-resource': 'unknown',
		'operator.istio.io/component': 'Pilot',
		app: 'istiod',
		istio: 'pilot',
		release: 'istiod',
		'app.kubernetes.io/name': 'istiod',
		...chartLabels('istiod', 'istiod')
	};
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: objectMeta(
			`istiod-revision-tag-${opts.tag}`,
			labels(template, {}, opts),
			opts.istioNamespace
		),
		spec: {
			ports: istiodServicePorts(),
			selector: { app: 'istiod', [REVISION_LABEL]: opts.revision }
		}
	};
}

/** generate.go Generate: the tag's objects, or the first check's error. */
export function generateTag(api: ApiServer, opts: GenerateOptions): TagManifests | string {
	const ns = opts.istioNamespace;
	if (!opts.generate && !opts.overwrite && opts.tag !== DEFAULT_TAG) {
		const collides =
			servicesWithRevision(api, ns, opts.tag).length > 0 ||
			webhooksWithRevision(api, opts.tag).length > 0;
		if (collides)
			return `cannot create revision tag "${opts.tag}": found existing control plane revision with same name`;
	}
	const revServices = servicesWithRevision(api, ns, opts.revision);
	if (revServices.length > 1)
		return `cannot modify tag: found multiple canonical services with revision "${opts.revision}" in namespace "${ns}"`;
	const revWebhooks = webhooksWithRevision(api, opts.revision);
	const first = revWebhooks[0];
	if (!first)
		return `cannot modify tag: cannot find MutatingWebhookConfiguration or Service with revision "${opts.revision}"`;
	if (revWebhooks.length > 1)
		return `cannot modify tag: found multiple canonical webhooks or services with revision "${opts.revision}"`;
	if (
		!opts.overwrite &&
		(servicesWithTag(api, ns, opts.tag).length > 0 || webhooksWithTag(api, opts.tag).length > 0)
	)
		return `revision tag "${opts.tag}" already exists, and --overwrite is false`;
	const c = canonical(first);
	if (typeof c === 'string') return `failed to create tag webhook config: ${c}`;
	const isDefault = opts.tag === DEFAULT_TAG;
	return {
		objects: [tagWebhook(c, opts), ...(isDefault ? [tagValidator(c, opts)] : []), tagService(opts)],
		...(isDefault && !opts.generate ? { deactivate: first } : {})
	};
}

/**
 * DeactivateIstioInjectionWebhook: kept, so the default can be pointed back at it later, but
 * every entry made to match nothing.
 */
export function deactivate(api: ApiServer, wh: KubeObject): string | undefined {
	const live = api.get(MUTATING_WEBHOOK_CONFIGURATIONS, undefined, wh.metadata.name);
	if (isApiError(live)) return undefined;
	const entries = Array.isArray(live['webhooks']) ? live['webhooks'].map(asObj) : [];
	live['webhooks'] = entries.map((w) => ({
		...w,
		namespaceSelector: structuredClone(NEVER_MATCH),
		objectSelector: structuredClone(NEVER_MATCH)
	}));
	const r = api.update(live);
	return isApiError(r)
		? `failed deactivating existing default revision: ${formatApiError(r)}`
		: undefined;
}
