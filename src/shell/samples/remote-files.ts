/**
 * Files the shell serves at URLs (`kubectl apply -f https://…`) that are generated on first fetch
 * rather than shipped with the page: the Gateway API release bundles carry every CRD's OpenAPI
 * schema, which is data the page only needs once a learner installs them. Istio's own samples
 * are also served at their release-1.30 raw GitHub URLs.
 */
import { SAMPLE_FILES } from './index.ts';
import { METALLB_NATIVE_URL, metallbNative } from './metallb.ts';

const RELEASES = 'https://github.com/kubernetes-sigs/gateway-api/releases/download';

export const GATEWAY_API_STANDARD_URL = `${RELEASES}/v1.4.0/standard-install.yaml`;
export const GATEWAY_API_EXPERIMENTAL_URL = `${RELEASES}/v1.5.0/experimental-install.yaml`;

const cache = new Map<string, Promise<string | undefined>>();

/**
 * Istio's samples as the 1.30 docs link them, `{{< github_file >}}/samples/…`: the release
 * branch (or a 1.30 patch tag) on raw.githubusercontent.com serves the same files as the
 * playground's `samples/` (index.ts), whatever a learner since edited locally.
 */
const ISTIO_RAW =
	/^https:\/\/raw\.githubusercontent\.com\/istio\/istio\/(?:release-1\.30|1\.30\.\d+)\/(samples\/.+)$/;

/** The content at `url`, or undefined when nothing is served there (kubectl's 404). */
export function fetchRemoteFile(url: string): Promise<string | undefined> {
	const sample = ISTIO_RAW.exec(url)?.[1];
	if (sample !== undefined) return Promise.resolve(SAMPLE_FILES[sample]);
	const metallb = METALLB_NATIVE_URL.exec(url)?.[1];
	if (metallb !== undefined) return Promise.resolve(metallbNative(metallb));
	let text = cache.get(url);
	if (!text) {
		text = import('./gateway-api-crds.ts').then((m) => m.gatewayApiBundle(url));
		cache.set(url, text);
	}
	return text;
}
