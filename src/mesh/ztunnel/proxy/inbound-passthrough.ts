/**
 * The plaintext inbound listener (15006): a connection to an enrolled pod from outside the mesh.
 * Policy runs with no peer identity ("Requests from sources out of mesh will have no peer
 * identity"), so principal and namespace rules cannot match it; a denial resets the client.
 * Mirrors ztunnel src/proxy/inbound_passthrough.rs proxy_inbound_plaintext.
 */
import { isConnectError, type Socket } from '../../net/socket.ts';
import { assertRbac } from '../rbac.ts';
import { ConnectionResult, logEarlyDeny } from './connection-result.ts';
import { copyBidirectional } from './copy.ts';
import { connectionFailed, policyRejection, unknownDestinationWorkload } from './errors.ts';
import { guessInboundService } from './inbound.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

export class InboundPassthrough {
	readonly #pi: ProxyInputs;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
	}

	/** Serves one connection; `socket.local` is the pod address the client dialled. */
	async serve(socket: Socket): Promise<void> {
		const pi = this.#pi;
		const src = socket.remote;
		const dst = socket.local;
		const state = pi.state();
		const dest = state.workloadByIp(dst.ip);
		if (!dest) {
			logEarlyDeny(pi.accessLog, src, dst, 'destination', unknownDestinationWorkload(dst.ip));
			socket.reset();
			return;
		}
		const result = new ConnectionResult(pi, src, dst, undefined, {
			reporter: 'destination',
			source: state.workloadByIp(src.ip),
			destination: dest,
			destinationService: guessInboundService(state, dst, undefined, dest),
			securityPolicy: 'unknown'
		});
		const rejection = assertRbac(state.policiesFor(dest), { src, dst, srcIdentity: undefined });
		if (rejection) {
			result.record(policyRejection(rejection));
			socket.reset();
			return;
		}
		const app = await pi.net.connect(dst, { source: src, timeout: CONNECTION_TIMEOUT });
		if (isConnectError(app)) {
			result.record(connectionFailed(app));
			socket.reset();
			return;
		}
		await copyBidirectional(socket, app, result);
		result.record();
	}
}
