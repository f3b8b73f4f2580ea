import { describe, expect, it } from 'vitest';
import { decodeSources } from '../../../src/shell/kubectl/manifests.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import type { ApiServer } from '../../../src/mesh/api/api-server.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { realApi } from '../../support/fake-write-api.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import { loadCrdSchemas } from '../../../src/mesh/api/schemas/index.ts';
import { loadValidationEngine } from '../../../src/mesh/api/validation-engine.ts';
import { istioCrds } from '../../../src/shell/istioctl/manifests/crds.ts';

import {
	fetchRemoteFile,
	GATEWAY_API_EXPERIMENTAL_URL,
	GATEWAY_API_STANDARD_URL
} from '../../../src/shell/samples/remote-files.ts';

const GATEWAY_API_CRDS = (await fetchRemoteFile(GATEWAY_API_STANDARD_URL)) ?? '';
/** TCPRoute (v1alpha2, tcp-echo's gateway-api routes) is in the experimental channel only. */
const GATEWAY_API_EXPERIMENTAL_CRDS = (await fetchRemoteFile(GATEWAY_API_EXPERIMENTAL_URL)) ?? '';
const ISTIO_SCHEMAS = await loadCrdSchemas('istio-1.30.3');
await loadValidationEngine();

/** An API server with the Gateway API CRDs installed, as the getting-started has them by then. */
function gatewayApi(channel = GATEWAY_API_CRDS): ApiServer {
	const api = realApi();
	for (const m of decodeSources([{ name: 'crds', text: channel }], api).manifests)
		api.create(m.object);
	return api;
}

/** With Istio's CRDs (and their schemas), as after `istioctl install`. */
function istioApi(): ApiServer {
	const api = realApi();
	for (const crd of istioCrds(ISTIO_SCHEMAS)) api.create(crd);
	return api;
}

/** samples/addons go to istio-system, which `istioctl install` creates. */
function withIstioSystem(api: ApiServer): ApiServer {
	api.create({
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: { name: 'istio-system' }
	} as unknown as KubeObject);
	return api;
}

/**
 * Istio's classic routes: Bookinfo's networking/, tcp-echo's and httpbin's Gateway,
 * DestinationRule, VirtualService.
 */
const CLASSIC_ROUTES =
	/\/networking\/|tcp-echo\/tcp-echo-(all-v1|20-v2)\.yaml$|httpbin\/httpbin-gateway\.yaml$/;

function apiFor(path: string): ApiServer {
	if (path.startsWith('samples/tcp-echo/gateway-api/'))
		return gatewayApi(GATEWAY_API_EXPERIMENTAL_CRDS);
	if (path.includes('/gateway-api/')) return gatewayApi();
	if (path.includes('/addons/')) return withIstioSystem(realApi());
	return CLASSIC_ROUTES.test(path) ? istioApi() : realApi();
}

function decode(path: string, api = apiFor(path)) {
	const text = SAMPLE_FILES[path];
	if (text === undefined) throw new Error(`no sample ${path}`);
	return decodeSources([{ name: path, text }], api);
}
const ids = (path: string): string[] =>
	decode(path).manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`);
const images = (path: string): string[] =>
	decode(path)
		.manifests.filter((m) => m.object.kind === 'Deployment')
		.map((m) => JSON.stringify(m.object['spec']).match(/"image":"([^"]+)"/)?.[1] ?? '');

/** The sample files that are manifests (gen-eastwest-gateway.sh is a script). */
const MANIFESTS = Object.keys(SAMPLE_FILES).filter((p) => !p.endsWith('.sh'));

describe('sample manifests', () => {
	it.each(MANIFESTS)('%s decodes without errors', (path) => {
		const r = decode(path);
		expect(r.errors).toEqual([]);
		expect(r.manifests.length).toBeGreaterThan(0);
	});

	it.each(MANIFESTS)(
		'%s passes the API server’s strict field, schema and CEL validation',
		(path) => {
			const api = apiFor(path);
			const errors = decode(path, api).manifests.flatMap((m) => {
				const r = api.create(m.object, { fieldValidation: 'Strict' });
				return isApiError(r) ? [r.message] : [];
			});
			expect(errors).toEqual([]);
		}
	);

	it('samples/httpbin/sample-client/fortio-deploy.yaml runs the image 1.30.3 pins, which the pod image table knows', () => {
		// istio/istio 1.30.3 samples/httpbin/sample-client/fortio-deploy.yaml.
		expect(ids('samples/httpbin/sample-client/fortio-deploy.yaml')).toEqual([
			'Service/fortio',
			'Deployment/fortio-deploy'
		]);
		expect(images('samples/httpbin/sample-client/fortio-deploy.yaml')).toEqual([
			'docker.io/fortio/fortio:latest_release'
		]);
	});

	// istio/istio 1.30.3 samples/addons/*.yaml: each Deployment's (first) image.
	it.each([
		['prometheus', 'ghcr.io/prometheus-operator/prometheus-config-reloader:v0.89.0'],
		['kiali', 'quay.io/kiali/kiali:v2.26'],
		['grafana', 'docker.io/grafana/grafana:12.0.1'],
		['jaeger', 'docker.io/jaegertracing/jaeger:2.14.0']
	])('samples/addons/%s.yaml runs the image 1.30.3 pins', (name, image) => {
		expect(images(`samples/addons/${name}.yaml`)).toEqual([image]);
	});

	it('the Gateway API bundle installs its CRDs with their schemas', () => {
		const api = gatewayApi();
		const route = api.resolve('httproutes.gateway.networking.k8s.io');
		expect(route?.kind).toBe('HTTPRoute');
		const crds = api.resolve('crd');
		const crd = crds && api.get(crds, undefined, 'httproutes.gateway.networking.k8s.io');
		expect(JSON.stringify(crd)).toContain('RequestRedirect filter must not be used together');
	});

	it('bookinfo has Istio’s services, accounts and deployments', () => {
		const path = 'samples/bookinfo/platform/kube/bookinfo.yaml';
		expect(ids(path)).toEqual([
			'Service/details',
			'ServiceAccount/bookinfo-details',
			'Deployment/details-v1',
			'Service/ratings',
			'ServiceAccount/bookinfo-ratings',
			'Deployment/ratings-v1',
			'Service/reviews',
			'ServiceAccount/bookinfo-reviews',
			'Deployment/reviews-v1',
			'Deployment/reviews-v2',
			'Deployment/reviews-v3',
			'Service/productpage',
			'ServiceAccount/bookinfo-productpage',
			'Deployment/productpage-v1'
		]);
		expect(images(path)).toEqual([
			'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
			'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3',
			'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
			'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3',
			'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3',
			'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3'
		]);
	});

	it('bookinfo-versions adds one Service per version', () => {
		expect(ids('samples/bookinfo/platform/kube/bookinfo-versions.yaml')).toEqual([
			'Service/reviews-v1',
			'Service/reviews-v2',
			'Service/reviews-v3',
			'Service/productpage-v1',
			'Service/ratings-v1',
			'Service/details-v1'
		]);
	});

	it.each([
		['samples/curl/curl.yaml', 'curl'],
		['samples/sleep/sleep.yaml', 'sleep']
	])('%s is the %s client', (path, name) => {
		expect(ids(path)).toEqual([`ServiceAccount/${name}`, `Service/${name}`, `Deployment/${name}`]);
		expect(images(path)).toEqual(['curlimages/curl']);
		expect(SAMPLE_FILES[path]).toContain(`serviceAccountName: ${name}`);
	});

	it('httpbin serves 8080 behind Service port 8000', () => {
		const m = decode('samples/httpbin/httpbin.yaml').manifests;
		const svc = m.find((x) => x.object.kind === 'Service')?.object['spec'];
		expect(svc).toMatchObject({ ports: [{ name: 'http', port: 8000, targetPort: 8080 }] });
		expect(images('samples/httpbin/httpbin.yaml')).toEqual([
			'docker.io/mccutchen/go-httpbin:v2.15.0'
		]);
		expect(JSON.stringify(m[2]?.object)).toContain('"containerPort":8080');
	});
});
