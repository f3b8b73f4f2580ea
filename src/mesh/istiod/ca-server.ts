/**
 * istiod's CA server on the xDS stream: a subscribed proxy's CSR, signed for the identities it
 * may hold. Mirrors security/pkg/server/ca/server.go (`CreateCertificate`) and node_auth.go
 * (`ClusterNodeAuthorizer.authenticateImpersonation`): a ztunnel may only get the identities of
 * pods scheduled on its own node, a pilot-agent only its pod's.
 */
import { formatSpiffeId, type SpiffeId } from '../tls/identity.ts';
import { ms } from '../types.ts';
import { isCaError } from './ca.ts';
import { type Connection, type DiscoveryServer, send } from './discovery-server.ts';
import { isAddressablePod } from './services.ts';
import { trustDomainOf } from './snapshot.ts';

/** pilot-agent's only identity: its pod's service account (the CA checks the pod's token). */
function podIdentities(ds: DiscoveryServer, pod: string, namespace: string): Set<SpiffeId> {
	const snapshot = ds.options.snapshot();
	const found = snapshot.pods.find(
		(p) => p.metadata.name === pod && p.metadata.namespace === namespace
	);
	if (!found) return new Set();
	const trustDomain = trustDomainOf(snapshot);
	const serviceAccount = found.spec.serviceAccountName ?? 'default';
	return new Set([formatSpiffeId({ trustDomain, namespace, serviceAccount })]);
}

/** The identities a ztunnel on `node` may hold: service accounts of pods scheduled there. */
function nodeIdentities(ds: DiscoveryServer, node: string): Set<SpiffeId> {
	const snapshot = ds.options.snapshot();
	const trustDomain = trustDomainOf(snapshot);
	return new Set(
		snapshot.pods
			.filter((p) => p.spec.nodeName === node && isAddressablePod(p))
			.map((p) =>
				formatSpiffeId({
					trustDomain,
					namespace: p.metadata.namespace ?? 'default',
					serviceAccount: p.spec.serviceAccountName ?? 'default'
				})
			)
	);
}

/** Signs the CSR `id` on `conn` and answers with the chain, or with the CA's error. */
export async function createCertificate(
	ds: DiscoveryServer,
	conn: Connection,
	id: string,
	csrPem: string,
	ttl?: number
): Promise<void> {
	const node = conn.node;
	if (node === undefined) {
		send(conn, { type: 'error', id, message: 'request authenticate failure' });
		return;
	}
	const allowed = conn.agent
		? podIdentities(ds, conn.agent.pod, conn.agent.namespace)
		: nodeIdentities(ds, node);
	let requested: SpiffeId | undefined;
	const issued = await ds.options.ca.sign(csrPem, {
		allowed: (sid) => {
			requested = sid;
			return allowed.has(sid);
		},
		...(ttl !== undefined ? { ttl: ms(ttl) } : {})
	});
	if (isCaError(issued)) {
		if (issued.code === 'Unauthenticated') {
			ds.log(
				'warn',
				'serverca',
				`impersonation failed for identity ${requested ?? ''}, error: no pod with this identity on node ${node}`
			);
		} else {
			ds.log('error', 'serverca', issued.message);
		}
		send(conn, { type: 'error', id, message: issued.message });
		return;
	}
	ds.log('debug', 'serverca', `CSR successfully signed, sans [${issued.id}].`);
	send(conn, { type: 'certificate', id, certChainPem: issued.certChainPem });
}
