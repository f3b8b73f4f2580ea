/**
 * Files the shell serves at URLs (`kubectl apply -f https://…`) that are generated on first fetch
 * rather than shipped with the page: the Gateway API release bundles carry every CRD's OpenAPI
 * schema, which is data the page only needs once a learner installs them.
 */
const RELEASES = 'https://github.com/kubernetes-sigs/gateway-api/releases/download';

export const GATEWAY_API_STANDARD_URL = `${RELEASES}/v1.4.0/standard-install.yaml`;
export const GATEWAY_API_EXPERIMENTAL_URL = `${RELEASES}/v1.5.0/experimental-install.yaml`;

const cache = new Map<string, Promise<string | undefined>>();

/** The content at `url`, or undefined when nothing is served there (kubectl's 404). */
export function fetchRemoteFile(url: string): Promise<string | undefined> {
	let text = cache.get(url);
	if (!text) {
		text = import('./gateway-api-crds.ts').then((m) => m.gatewayApiBundle(url));
		cache.set(url, text);
	}
	return text;
}
