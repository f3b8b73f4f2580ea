/**
 * The sample manifests the shell's file system ships, keyed by path relative to `/root` (the
 * home directory, laid out like an unpacked Istio release).
 */
import { GRAFANA_YAML } from './addons/grafana.ts';
import { JAEGER_YAML } from './addons/jaeger.ts';
import { KIALI_YAML } from './addons/kiali.ts';
import { PROMETHEUS_YAML } from './addons/prometheus.ts';
import {
	BOOKINFO_GATEWAY_YAML,
	ROUTE_ALL_V1_YAML,
	ROUTE_REVIEWS_50_V3_YAML,
	ROUTE_REVIEWS_90_10_YAML,
	ROUTE_REVIEWS_V1_YAML,
	ROUTE_REVIEWS_V3_YAML
} from './bookinfo-gateway-api.ts';
import { BOOKINFO_NETWORKING_FILES } from './bookinfo-networking.ts';
import { BOOKINFO_VERSIONS_YAML } from './bookinfo-versions.ts';
import { BOOKINFO_YAML } from './bookinfo.ts';
import { CURL_YAML, SLEEP_YAML } from './client.ts';
import { EXT_AUTHZ_YAML } from './extauthz.ts';
import { FORTIO_DEPLOY_YAML } from './fortio.ts';
import { HELLOWORLD_YAML } from './helloworld.ts';
import { HTTPBIN_GATEWAY_API_YAML, HTTPBIN_GATEWAY_YAML, HTTPBIN_YAML } from './httpbin.ts';
import { GEN_EASTWEST_GATEWAY_SH } from './multicluster.ts';
import { TCP_ECHO_FILES } from './tcp-echo.ts';

export const SAMPLE_FILES: Record<string, string> = {
	'samples/bookinfo/platform/kube/bookinfo.yaml': BOOKINFO_YAML,
	'samples/bookinfo/platform/kube/bookinfo-versions.yaml': BOOKINFO_VERSIONS_YAML,
	'samples/curl/curl.yaml': CURL_YAML,
	'samples/sleep/sleep.yaml': SLEEP_YAML,
	'samples/extauthz/ext-authz.yaml': EXT_AUTHZ_YAML,
	'samples/helloworld/helloworld.yaml': HELLOWORLD_YAML,
	'samples/httpbin/httpbin.yaml': HTTPBIN_YAML,
	'samples/httpbin/httpbin-gateway.yaml': HTTPBIN_GATEWAY_YAML,
	'samples/httpbin/gateway-api/httpbin-gateway.yaml': HTTPBIN_GATEWAY_API_YAML,
	'samples/httpbin/sample-client/fortio-deploy.yaml': FORTIO_DEPLOY_YAML,
	'samples/bookinfo/gateway-api/bookinfo-gateway.yaml': BOOKINFO_GATEWAY_YAML,
	'samples/bookinfo/gateway-api/route-reviews-90-10.yaml': ROUTE_REVIEWS_90_10_YAML,
	'samples/bookinfo/gateway-api/route-reviews-v1.yaml': ROUTE_REVIEWS_V1_YAML,
	'samples/bookinfo/gateway-api/route-reviews-v3.yaml': ROUTE_REVIEWS_V3_YAML,
	'samples/bookinfo/gateway-api/route-reviews-50-v3.yaml': ROUTE_REVIEWS_50_V3_YAML,
	'samples/bookinfo/gateway-api/route-all-v1.yaml': ROUTE_ALL_V1_YAML,
	...BOOKINFO_NETWORKING_FILES,
	...TCP_ECHO_FILES,
	'samples/multicluster/gen-eastwest-gateway.sh': GEN_EASTWEST_GATEWAY_SH,
	// samples/addons (loki.yaml is left out: its StatefulSet kind is not simulated).
	'samples/addons/prometheus.yaml': PROMETHEUS_YAML,
	'samples/addons/kiali.yaml': KIALI_YAML,
	'samples/addons/grafana.yaml': GRAFANA_YAML,
	'samples/addons/jaeger.yaml': JAEGER_YAML
};

/**
 * Files of Istio 1.30's `samples/` that its docs use but the playground does not serve, and why:
 * reading one says so instead of a bare "does not exist".
 */
export const NOT_SIMULATED_SAMPLES: Readonly<Record<string, string>> = {
	'samples/addons/loki.yaml': 'its StatefulSet kind is not simulated'
};
