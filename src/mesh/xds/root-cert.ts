/**
 * The mesh root a proxy trusts before it has a certificate of its own: istiod's namespace
 * controller writes it to the `istio-ca-root-cert` ConfigMap of every namespace (key
 * `root-cert.pem`), and ztunnel, sidecars and gateways mount that ConfigMap at
 * /var/run/secrets/istio (pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go,
 * ztunnel's `ROOT_CA`/`istiod-ca-cert` volume).
 */
import type { HostContext } from '../runtime/host.ts';
import { parsePemChain, type X509Certificate } from '../tls/certificate.ts';
import { isTlsError } from '../tls/errors.ts';

/** features.CACertConfigMapName. */
export const CA_ROOT_CONFIGMAP = 'istio-ca-root-cert';
/** constants.CACertNamespaceConfigMapDataName. */
export const CA_ROOT_CONFIGMAP_KEY = 'root-cert.pem';
/** Where the proxies' `istiod-ca-cert` volume puts it. */
export const ROOT_CERT_PATH = '/var/run/secrets/istio/root-cert.pem';

/** The roots in the pod's mounted `root-cert.pem`, or why there are none. */
export function mountedRoots(
	ctx: Pick<HostContext, 'readFile'>
): readonly X509Certificate[] | { readonly error: string } {
	const pem = ctx.readFile(ROOT_CERT_PATH);
	if (pem === undefined) return { error: `open ${ROOT_CERT_PATH}: no such file or directory` };
	const roots = parsePemChain(pem);
	return isTlsError(roots) ? { error: `${ROOT_CERT_PATH}: ${roots.message}` } : roots;
}
