/**
 * kube-controller-manager's root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher):
 * every namespace that is not terminating holds a `kube-root-ca.crt` ConfigMap whose `ca.crt` is
 * the cluster CA, with the controller's description annotation; a deleted or edited one is put
 * back. Pods mount it through their `kube-api-access` volume (api/pod-admission.ts).
 *
 * The CA itself is made at boot like kubeadm's (`CN=kubernetes`, self-signed, 10 years), but with
 * an ECDSA P-256 key where kubeadm uses RSA 2048: the playground signs with WebCrypto's ECDSA
 * everywhere, and an RSA key costs a noticeable pause at every page load.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { CONFIG_MAPS, NAMESPACES } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import type { Rng } from '../random.ts';
import { generateKeyPair, SIGNING_ALGORITHM, simDate, toPem } from '../tls/certificate.ts';
import { x509 } from '../tls/x509.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** The ConfigMap's one key, also the file's name in a pod's kube-api-access volume. */
export const ROOT_CA_KEY = 'ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
	'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
	'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** kubeadm's certs.KubeadmCertRootCA validity. */
const CA_YEARS = 10;

/** The cluster CA's certificate in PEM, as kubeadm writes /etc/kubernetes/pki/ca.crt. */
export async function createKubeRootCa(rng: Rng, now: SimMillis, crypto: Crypto): Promise<string> {
	const keys = await generateKeyPair(crypto);
	const bytes = Array.from({ length: 8 }, () => rng.int(256));
	bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
	const notBefore = new Date(Math.floor(simDate(now).getTime() / 1000) * 1000);
	const notAfter = new Date(notBefore);
	notAfter.setUTCFullYear(notBefore.getUTCFullYear() + CA_YEARS);
	const cert = await x509.X509CertificateGenerator.createSelfSigned(
		{
			serialNumber: bytes.map((b) => b.toString(16).padStart(2, '0')).join(''),
			name: [{ CN: ['kubernetes'] }],
			keys,
			signingAlgorithm: SIGNING_ALGORITHM,
			notBefore,
			notAfter,
			extensions: [
				new x509.BasicConstraintsExtension(true, undefined, true),
				new x509.KeyUsagesExtension(
					x509.KeyUsageFlags.digitalSignature |
						x509.KeyUsageFlags.keyEncipherment |
						x509.KeyUsageFlags.keyCertSign,
					true
				),
				await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto)
			]
		},
		crypto
	);
	return toPem(cert);
}

type WithData = KubeObject & { data?: Record<string, string> };

export function createRootCaPublisher(api: ApiServer, caPem: string): Controller {
	function sync(namespace: string): void {
		const live = api.get(CONFIG_MAPS, namespace, ROOT_CA_CONFIGMAP);
		if (isApiError(live)) {
			api.create({
				apiVersion: 'v1',
				kind: 'ConfigMap',
				metadata: {
					name: ROOT_CA_CONFIGMAP,
					namespace,
					annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION }
				} as Partial<KubeObject['metadata']> as KubeObject['metadata'],
				data: { [ROOT_CA_KEY]: caPem }
			});
			return;
		}
		const data = (live as WithData).data;
		const current =
			data !== undefined && Object.keys(data).length === 1 && data[ROOT_CA_KEY] === caPem;
		if (current && live.metadata.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION) return;
		// syncNamespace: the data is replaced whole, other annotations are kept.
		api.patch(CONFIG_MAPS, namespace, ROOT_CA_CONFIGMAP, (draft) => {
			(draft as WithData).data = { [ROOT_CA_KEY]: caPem };
			draft.metadata.annotations = {
				...draft.metadata.annotations,
				[DESCRIPTION_ANNOTATION]: DESCRIPTION
			};
		});
	}

	return {
		name: 'root-ca-cert-publisher',
		wants: (e: WatchEvent) =>
			e.resource.group === '' &&
			(e.resource.kind === 'Namespace' ||
				(e.resource.kind === 'ConfigMap' && e.object.metadata.name === ROOT_CA_CONFIGMAP)),
		sync() {
			for (const ns of listAll(api, NAMESPACES)) {
				const terminating =
					ns.metadata.deletionTimestamp !== undefined ||
					(ns as { status?: { phase?: string } }).status?.phase === 'Terminating';
				if (!terminating) sync(ns.metadata.name);
			}
		}
	};
}
