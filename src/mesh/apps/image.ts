/**
 * Container image references as kubelet reads them: `[registry/]repository[:tag][@digest]`.
 * Docker Hub's defaults (`docker.io`, `library/`) are folded away so `nginx`,
 * `docker.io/library/nginx:1.27` and `nginx@sha256:…` all name the same repository.
 */

export interface ImageRef {
	/** Repository without registry and without Docker Hub's `library/`: `istio/examples-bookinfo-reviews-v2`. */
	readonly repository: string;
	readonly tag: string;
}

export function parseImage(image: string): ImageRef {
	let rest = image.trim().toLowerCase();
	const at = rest.indexOf('@');
	if (at !== -1) rest = rest.slice(0, at);
	const slash = rest.lastIndexOf('/');
	const colon = rest.lastIndexOf(':');
	let tag = 'latest';
	if (colon > slash) {
		tag = rest.slice(colon + 1);
		rest = rest.slice(0, colon);
	}
	const parts = rest.split('/');
	// A first component with a dot or port, or `localhost`, is a registry host (docker.io, quay.io).
	const first = parts[0] ?? '';
	if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
		parts.shift();
	}
	if (parts[0] === 'library' && parts.length > 1) parts.shift();
	return { repository: parts.join('/'), tag };
}
