/**
 * The ambient L4 mesh's cost as the page runs it in Chromium (a worker per pod, WebCrypto in the
 * workers): the same curl → productpage loop before and after enrolling default, both warm,
 * each loop timed inside the page from Enter to the shell's return (timed-command.ts), so typing
 * the command and the test driver are not in it. `chromium.ambient.meshVsPlain` in the bench.
 */
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';
import { timeFromEnter } from './timed-command.ts';

export interface BrowserAmbientFigures {
	/** Wall ms per request, warm, without the mesh. */
	readonly plainRequestMs: number;
	/** The first loop once default is enrolled: certificates (CSR to istiod) and handshakes. */
	readonly firstMeshRequestMs: number;
	/** Wall ms per request, warm, through two ztunnels on pooled HBONE connections. */
	readonly meshRequestMs: number;
	/** Requests run before each warm loop (each worker's JIT, the HBONE pools). */
	readonly warmRequests: number;
}

const LOOP = 50;
/** Enough for the workers' JIT to settle (mesh-in-browser.ts warms 800 for the plain figure). */
const WARM_REQUESTS = 400;
/** productpage, details, ratings, reviews v1-v3 and curl. */
const BOOKINFO_PODS = 7;

const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;

export async function browserAmbientFigures(
	browser: Browser,
	warmRequests = WARM_REQUESTS
): Promise<BrowserAmbientFigures> {
	const preview = await startPreview();
	try {
		const opened = await openPlayground(browser, 'about:blank');
		try {
			await opened.page.goto(preview.url);
			await waitForPrompt(opened.page, 60_000);
			await opened.page.waitForFunction(
				(n) =>
					(window.__meshPlayground?.pods() ?? []).filter(
						(p) => p.namespace === 'default' && p.status === 'Running' && p.ready === '1/1'
					).length >= n,
				BOOKINFO_PODS,
				{ timeout: 60_000 }
			);
			const perRequest = async (): Promise<number> =>
				(await timeFromEnter(opened.page, loop)) / LOOP;
			const warm = async (): Promise<number> => {
				for (let done = 0; done < warmRequests; done += LOOP) await perRequest();
				return perRequest();
			};
			const plainRequestMs = await warm();
			await runCommand(
				opened.page,
				'istioctl install --set profile=ambient --skip-confirmation',
				120_000
			);
			await runCommand(
				opened.page,
				'kubectl label namespace default istio.io/dataplane-mode=ambient'
			);
			const firstMeshRequestMs = await perRequest();
			const meshRequestMs = await warm();
			// The loops went through the mesh: the ztunnels log each connection they proxy.
			const logs = await runCommand(
				opened.page,
				'kubectl logs -n istio-system -l app=ztunnel --tail 20',
				60_000
			);
			if (!logs.includes('dst.service="productpage'))
				throw new Error(`no meshed request in the ztunnels' logs:\n${logs}`);
			return { plainRequestMs, firstMeshRequestMs, meshRequestMs, warmRequests };
		} finally {
			await opened.close();
		}
	} finally {
		await preview.close();
	}
}
