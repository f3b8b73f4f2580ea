/**
 * The Istio release the simulation plays: istioctl's client version, the image tags `istioctl
 * install` writes and the build info the components log. One place, so a bump is one edit.
 * Values are those of the istio/istio and istio/ztunnel `1.30.3` tags.
 */

export const ISTIO_VERSION = '1.30.3';
/** `git rev-list -n1 1.30.3` in istio/istio. */
export const ISTIO_GIT_REVISION = '56df41f63e513f834c9a3af33d8aed82d1d961f2';
/** `git rev-list -n1 1.30.3` in istio/ztunnel. */
export const ZTUNNEL_GIT_REVISION = 'a45c62f8d09a78eaa5228afcea6c7d3a06269b2c';
/** Where `istioctl install` pulls from (`values.global.hub`). */
export const ISTIO_HUB = 'docker.io/istio';

/** Go `version.BuildInfo.String()`: `1.30.3-<git sha>-Clean` (istiod's `/version` body). */
export function istioBuildString(): string {
	return `${ISTIO_VERSION}-${ISTIO_GIT_REVISION}-Clean`;
}

/** The tag an image reference carries, e.g. `1.30.3` for `docker.io/istio/pilot:1.30.3`. */
export function imageTag(image: string): string {
	const ref = image.split('@')[0] ?? image;
	const slash = ref.lastIndexOf('/');
	const colon = ref.lastIndexOf(':');
	return colon > slash ? ref.slice(colon + 1) : 'latest';
}
