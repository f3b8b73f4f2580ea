/**
 * The API server validates custom resources against their CRD's schema and CEL rules, and does
 * kubectl's strict field validation, with kube-apiserver's messages. Each case names the upstream
 * rule it exercises: istio/istio 1.30.3 manifests/charts/base/files/crd-all.gen.yaml and
 * kubernetes-sigs/gateway-api v1.4.0 config/crd/standard.
 */
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import type { FieldValidation } from '../../../src/mesh/api/custom-resources.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { loadCrdSchemas } from '../../../src/mesh/api/schemas/index.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { loadValidationEngine } from '../../../src/mesh/api/validation-engine.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { istioCrds } from '../../../src/shell/istioctl/manifests/crds.ts';
import {
	fetchRemoteFile,
	GATEWAY_API_STANDARD_URL
} from '../../../src/shell/samples/remote-files.ts';

type Api = ReturnType<typeof createApiServer>;
let api: Api;

/**
 * apiextensions-apiserver's customresource strategy: after a blocking schema error (type,
 * required, enum, too long, too many) the CEL rules are skipped, and it says so.
 */
const NOT_CHECKED =
	'\n* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const yaml = (text: string): KubeObject => parseAllDocuments(text)[0]?.toJS() as KubeObject;

beforeAll(async () => {
	await loadValidationEngine();
	api = createApiServer({ rng: createRng(7), now: () => ms(0) });
	bootstrapApi(api);
	for (const crd of istioCrds(await loadCrdSchemas('istio-1.30.3'))) api.create(crd);
	for (const doc of parseAllDocuments((await fetchRemoteFile(GATEWAY_API_STANDARD_URL)) ?? ''))
		api.create(doc.toJS() as KubeObject);
});

/** The message the write fails with, or 'ok' (the object is removed again so cases stay independent). */
function write(manifest: string, fieldValidation?: FieldValidation): string {
	const obj = yaml(manifest);
	const r = api.create(obj, fieldValidation ? { fieldValidation } : undefined);
	if (isApiError(r)) return r.message;
	const type = api.resourceFor(obj.apiVersion, obj.kind);
	if (type) api.delete(type, r.metadata.namespace, r.metadata.name);
	return 'ok';
}

const AP = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: p}
`;
const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
`;
const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g}
`;

describe('custom resource validation (OpenAPI schema and CEL rules)', () => {
	it.each([
		{
			name: 'AuthorizationPolicy selector with targetRefs',
			upstream:
				'AuthorizationPolicy spec rule (has(self.selector)?1:0)+(has(self.targetRefs)?1:0)<=1',
			manifest: `${AP}spec:\n  selector: {matchLabels: {app: a}}\n  targetRefs: [{kind: Service, group: "", name: a}]\n`,
			expected:
				'The AuthorizationPolicy "p" is invalid: spec: Invalid value: "object": only one of targetRefs or selector can be set'
		},
		{
			name: 'AuthorizationPolicy action outside its enum',
			upstream: 'AuthorizationPolicy spec.action enum [ALLOW, DENY, AUDIT, CUSTOM]',
			manifest: `${AP}spec: {action: DENYY}\n`,
			expected:
				'The AuthorizationPolicy "p" is invalid: \n* spec.action: Unsupported value: "DENYY": supported values: "ALLOW", "DENY", "AUDIT", "CUSTOM"' +
				NOT_CHECKED
		},
		{
			name: 'a valid AuthorizationPolicy',
			upstream: 'AuthorizationPolicy schema',
			manifest: `${AP}spec:\n  action: DENY\n  rules: [{from: [{source: {principals: [a]}}]}]\n`,
			expected: 'ok'
		},
		{
			name: 'PeerAuthentication portLevelMtls without a selector',
			upstream: 'PeerAuthentication spec rule "portLevelMtls requires selector"',
			manifest: `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa}\nspec:\n  portLevelMtls:\n    "8080": {mode: DISABLE}\n`,
			expected:
				'The PeerAuthentication "pa" is invalid: spec: Invalid value: "object": portLevelMtls requires selector'
		},
		{
			name: 'PeerAuthentication port out of range',
			upstream: 'PeerAuthentication portLevelMtls keys rule 0 < int(key) && int(key) <= 65535',
			manifest: `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa}\nspec:\n  selector: {matchLabels: {app: a}}\n  portLevelMtls:\n    "70000": {mode: DISABLE}\n`,
			expected:
				'The PeerAuthentication "pa" is invalid: spec.portLevelMtls: Invalid value: "object": port must be between 1-65535'
		},
		{
			name: 'DestinationRule loadBalancer with simple and consistentHash',
			upstream: 'DestinationRule trafficPolicy.loadBalancer oneOf [simple, consistentHash]',
			manifest: `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN, consistentHash: {httpHeaderName: x}}\n`,
			expected:
				'The DestinationRule "d" is invalid: <nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer" must validate one and only one schema (oneOf). Found 2 valid alternatives'
		},
		{
			name: 'HTTPRoute RequestRedirect with backendRefs',
			upstream:
				'HTTPRoute spec.rules[] rule "RequestRedirect filter must not be used together with backendRefs"',
			manifest: `${ROUTE}spec:\n  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 302}}]\n    backendRefs: [{name: reviews, port: 9080}]\n`,
			expected:
				'The HTTPRoute "r" is invalid: spec.rules[0]: Invalid value: "object": RequestRedirect filter must not be used together with backendRefs'
		},
		{
			name: 'HTTPRoute hostname pattern',
			upstream: 'HTTPRoute spec.hostnames[] pattern ^(\\*\\.)?[a-z0-9]…$',
			manifest: `${ROUTE}spec: {hostnames: [Not_A_Host]}\n`,
			expected:
				'The HTTPRoute "r" is invalid: spec.hostnames[0]: Invalid value: "Not_A_Host": spec.hostnames[0] in body should match \'^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$\''
		},
		{
			name: 'HTTPRoute with 17 rules',
			upstream: 'HTTPRoute spec.rules maxItems 16',
			manifest: `${ROUTE}spec:\n  rules:\n${'  - backendRefs: [{name: a, port: 80}]\n'.repeat(17)}`,
			expected:
				'The HTTPRoute "r" is invalid: \n* spec.rules: Too many: 17: must have at most 16 items' +
				NOT_CHECKED
		},
		{
			name: 'HTTPRoute parentRef without a name',
			upstream: 'HTTPRoute spec.parentRefs[] required [name]',
			manifest: `${ROUTE}spec: {parentRefs: [{kind: Service}]}\n`,
			expected:
				'The HTTPRoute "r" is invalid: \n* spec.parentRefs[0].name: Required value' + NOT_CHECKED
		},
		{
			name: 'Gateway without listeners, and a port of the wrong type',
			upstream:
				'Gateway spec required [gatewayClassName, listeners]; listeners[].port type integer',
			manifest: `${GATEWAY}spec:\n  listeners: [{name: a, port: eighty, protocol: HTTP}]\n`,
			expected:
				'The Gateway "g" is invalid: \n* spec.gatewayClassName: Required value\n* spec.listeners[0].port: Invalid value: "string": spec.listeners[0].port in body must be of type integer: "string"' +
				NOT_CHECKED
		},
		{
			name: 'Gateway listener port 0',
			upstream: 'Gateway spec.listeners[].port minimum 1',
			manifest: `${GATEWAY}spec:\n  gatewayClassName: istio\n  listeners: [{name: a, port: 0, protocol: HTTP}]\n`,
			expected:
				'The Gateway "g" is invalid: spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1'
		},
		{
			name: 'Gateway listeners with the same name',
			upstream:
				'Gateway spec.listeners list-map key name; rule "Listener name must be unique within the Gateway"',
			manifest: `${GATEWAY}spec:\n  gatewayClassName: istio\n  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n  - {name: a, port: 81, protocol: HTTP}\n`,
			expected:
				'The Gateway "g" is invalid: \n* spec.listeners[1]: Duplicate value: map[string]interface {}{"name":"a"}\n* spec.listeners: Invalid value: "array": Listener name must be unique within the Gateway'
		},
		{
			name: 'Gateway TLS on an HTTP listener',
			upstream:
				"Gateway spec.listeners rule \"tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']\"",
			manifest: `${GATEWAY}spec:\n  gatewayClassName: istio\n  listeners: [{name: a, port: 80, protocol: HTTP, tls: {mode: Terminate, certificateRefs: [{name: c}]}}]\n`,
			expected:
				"The Gateway \"g\" is invalid: spec.listeners: Invalid value: \"array\": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"
		}
	])('$name ($upstream)', ({ manifest, expected }) => {
		expect(write(manifest)).toBe(expected);
	});

	it('defaults a custom resource from its schema (HTTPRoute parentRefs group/kind, rules matches)', () => {
		const r = api.create(
			yaml(
				`${ROUTE}spec:\n  parentRefs: [{name: w}]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`
			)
		);
		if (isApiError(r)) throw new Error(r.message);
		const spec = r['spec'] as { parentRefs: unknown[]; rules: { matches: unknown }[] };
		expect(spec.parentRefs[0]).toEqual({
			group: 'gateway.networking.k8s.io',
			kind: 'Gateway',
			name: 'w'
		});
		expect(spec.rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
		api.delete(api.resolve('httproutes') as never, 'default', 'r');
	});

	it('runs transition rules on update only (GatewayClass controllerName "Value is immutable")', () => {
		const gc = `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gc}\nspec: {controllerName: example.com/a}\n`;
		expect(isApiError(api.create(yaml(gc)))).toBe(false);
		const changed = api.apply(yaml(gc.replace('example.com/a', 'example.com/b')));
		expect(isApiError(changed) && changed.message).toBe(
			'The GatewayClass "gc" is invalid: spec.controllerName: Invalid value: "string": Value is immutable'
		);
	});

	it('reports a rule calling a CEL function it does not implement, and keeps the store unchanged', () => {
		const crd = yaml(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: string}
            x-kubernetes-validations:
            - rule: quantity(self.size).isGreaterThan(quantity('1Gi'))
`);
		expect(isApiError(api.create(crd))).toBe(false);
		expect(
			write(`apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 2Gi}\n`)
		).toBe(
			'The Widget "w" is invalid: spec: Invalid value: "object": rule calls isGreaterThan(), a Kubernetes CEL function this playground does not implement: quantity(self.size).isGreaterThan(quantity(\'1Gi\'))'
		);
		expect(api.list(api.resolve('widgets') as never)).toEqual([]);
	});
	it('matches patterns as RE2 does: a backtracking-prone pattern cannot hang the server', () => {
		const crd = yaml(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: evils.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: evils, kind: Evil}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              s: {type: string, pattern: "^(a+)+$"}
`);
		expect(isApiError(api.create(crd))).toBe(false);
		const s = `${'a'.repeat(40)}!`;
		expect(
			write(`apiVersion: example.com/v1\nkind: Evil\nmetadata: {name: e}\nspec: {s: "${s}"}\n`)
		).toBe(
			`The Evil "e" is invalid: spec.s: Invalid value: "${s}": spec.s in body should match '^(a+)+$'`
		);
	});

	it('survives a learner CRD with a broken pattern and a rule that does not parse', () => {
		const crd = yaml(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            nullable: true
            properties:
              name: {type: string, pattern: "([a-z"}
            x-kubernetes-validations:
            - rule: self.name ==
`);
		expect(isApiError(api.create(crd))).toBe(false);
		const message = write(
			`apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {name: x}\n`
		);
		expect(message).toMatch(
			/^The Gadget "g" is invalid: spec: Internal error: rule compile error: .+: self\.name ==$/
		);
		expect(
			write(`apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: null\n`)
		).toBe('ok');
	});
});

describe('strict field validation', () => {
	const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selectr: {matchLabels: {app: web}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, imagePullPolicyy: Always}]
`;
	it.each([
		{
			name: 'built-in kind, Strict: every unknown field, in document order',
			manifest: DEPLOY,
			mode: 'Strict' as const,
			expected:
				'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selectr", unknown field "spec.template.spec.containers[0].imagePullPolicyy"'
		},
		{
			name: 'built-in kind, Ignore: dropped',
			manifest: DEPLOY,
			mode: 'Ignore' as const,
			expected: 'ok'
		},
		{
			name: 'custom resource, Strict (pruning against the CRD schema)',
			manifest: `${AP}spec:\n  selectr: {matchLabels: {app: a}}\n`,
			mode: 'Strict' as const,
			expected:
				'AuthorizationPolicy in version "v1" cannot be handled as a AuthorizationPolicy: strict decoding error: unknown field "spec.selectr"'
		},
		{
			name: 'unknown metadata field of a custom resource',
			manifest: `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  labelz: {a: b}\nspec: {}\n`,
			mode: 'Strict' as const,
			expected:
				'AuthorizationPolicy in version "v1" cannot be handled as a AuthorizationPolicy: strict decoding error: unknown field "metadata.labelz"'
		},
		{
			name: 'a list of the wrong JSON shape fails decoding, whatever the validation (encoding/json)',
			manifest: `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: None, ports: {}}\n`,
			mode: 'Ignore' as const,
			expected:
				'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort'
		},
		{
			name: 'no field validation requested (controllers): stored as sent',
			manifest: `${AP}spec: {action: ALLOW}\n`,
			mode: undefined,
			expected: 'ok'
		}
	])('$name', ({ manifest, mode, expected }) => {
		expect(write(manifest, mode)).toBe(expected);
	});

	it('Warn drops the fields and says which', () => {
		const warnings: string[] = [];
		const r = api.create(yaml(DEPLOY), { fieldValidation: 'Warn', warnings });
		if (isApiError(r)) throw new Error(r.message);
		expect(warnings).toEqual([
			'unknown field "spec.selectr"',
			'unknown field "spec.template.spec.containers[0].imagePullPolicyy"'
		]);
		expect(JSON.stringify(r)).not.toContain('selectr');
		expect(JSON.stringify(r)).not.toContain('imagePullPolicyy');
	});
});
