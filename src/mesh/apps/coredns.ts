/**
 * CoreDNS 1.12.1 as kubeadm runs it (`-conf /etc/coredns/Corefile`): it reads its Corefile and
 * prints its real startup lines (coremain's banner; the reload plugin's SHA-512 of the
 * Corefile), then serves the health (8080 `/health`) and ready (8181 `/ready`) plugins' ports
 * the kubelet would probe, and the prometheus plugin's 9153. It answers no DNS: the cluster's
 * names are resolved by the simulation's built-in resolver (net/dns.ts), not through port 53.
 */
import type { ContainerProgram } from '../runtime/host.ts';
import { listenHttp } from './istio/listen.ts';

const VERSION = 'CoreDNS-1.12.1';
const BUILD = 'linux/amd64, go1.24.1, 707c7c1';

function hex(bytes: ArrayBuffer): string {
	return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function coreDnsProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const c = container.name;
			const args = container.args ?? [];
			const at = args.indexOf('-conf');
			// Without -conf, CoreDNS reads `Corefile` in its working directory (/).
			const path = at >= 0 ? (args[at + 1] ?? '') : '/Corefile';
			const corefile = ctx.readFile(path);
			if (corefile === undefined) {
				ctx.log(c, `Error: open ${path}: no such file or directory`);
				ctx.exit(c, 1);
				return;
			}
			listenHttp(ctx, 8080, { '/health': () => 'OK' });
			listenHttp(ctx, 8181, { '/ready': () => 'OK' });
			listenHttp(ctx, 9153, { '/metrics': () => '' });
			// Ready without waiting for the digest: WebCrypto settles on wall time, and the pod's
			// status must not depend on when (the lines still come in CoreDNS's order).
			void ctx
				.work(ctx.crypto.subtle.digest('SHA-512', new TextEncoder().encode(corefile)))
				.then((digest) => {
					ctx.log(c, '.:53');
					ctx.log(c, `[INFO] plugin/reload: Running configuration SHA512 = ${hex(digest)}`);
					ctx.log(c, VERSION);
					ctx.log(c, BUILD);
				});
		},
		binaries: {}
	};
}
