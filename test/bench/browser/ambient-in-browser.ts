/**
 * The ambient L4 mesh's cost as the page runs it in Chromium (by default a node's workload pods
 * share a worker with its ztunnel; WebCrypto in the workers): the same curl → productpage loop with default enrolled and not, both warm, each loop
 * timed inside the page from Enter to the shell's return (timed-command.ts), so typing the
 * command and the test driver are not in it. Once both are warm the loops alternate (the label
 * removed, set again), so a load swing on a shared machine falls on both; each figure is the
 * median of its loops. `chromium.ambient.meshVsPlain` in the bench.
 */
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';
import { timeFromEnter } from './timed-command.ts';
import { median } from '../node-floor.ts';

export interface BrowserAmbientFigures {
	/** Wall ms per request, warm, without the mesh (median of the alternating loops). */
	readonly plainRequestMs: number;
	/** The first loop once default is enrolled: certificates (CSR to istiod) and handshakes. */
	readonly firstMeshRequestMs: number;
	/** Wall ms per request, warm, through two ztunnels on pooled HBONE connections (median). */
	readonly meshRequestMs: number;
	/** Each of `PAIRS` alternating plain and meshed loops, ms per request, in order. */
	readonly plainLoops: readonly number[];
	readonly meshLoops: readonly number[];
	/** Requests run before each warm loop (each worker's JIT, the HBONE pools). */
	readonly warmRequests: number;
}

const LOOP = 50;
/** Enough for the workers' JIT to settle (mesh-in-browser.ts warms 800 for the plain figure). */
const WARM_REQUESTS = 400;
/** Alternating plain and meshed loops once both are warm. */
const PAIRS = 3;
/** productpage, details, ratings, reviews v1-v3 and curl. */
const BOOKINFO_PODS = 7;

const ENROL = 'kubectl label namespace default istio.io/dataplane-mode=ambient';
const UNENROL = 'kubectl label namespace default istio.io/dataplane-mode-';
const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;

/** `query` picks the page's packing (`?packing=per-pod`); the default packing without it. */
export async function browserAmbientFigures(
	browser: Browser,
	warmRequests = WARM_REQUESTS,
	query = ''
): Promise<BrowserAmbientFigures> {
	const preview = await startPreview();
	try {
		const opened = await openPlayground(browser, 'about:blank');
		try {
			await opened.page.goto(`${preview.url}${query}`);
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
			const warm = async (): Promise<void> => {
				for (let done = 0; done < warmRequests; done += LOOP) await perRequest();
			};
			await warm();
			await runCommand(
				opened.page,
				'istioctl install --set profile=ambient --skip-confirmation',
				120_000
			);
			await runCommand(opened.page, ENROL);
			const firstMeshRequestMs = await perRequest();
			await warm();
			const plainLoops: number[] = [];
			const meshLoops: number[] = [];
			for (let i = 0; i < PAIRS; i++) {
				await runCommand(opened.page, UNENROL);
				plainLoops.push(await perRequest());
				await runCommand(opened.page, ENROL);
				meshLoops.push(await perRequest());
			}
			// The loops went through the mesh: the ztunnels log each connection they proxy.
			const logs = await runCommand(
				opened.page,
				'kubectl logs -n istio-system -l app=ztunnel --tail 20',
				60_000
			);
			if (!logs.includes('dst.service="productpage'))
				throw new Error(`no meshed request in the ztunnels' logs:\n${logs}`);
			return {
				plainRequestMs: median(plainLoops),
				firstMeshRequestMs,
				meshRequestMs: median(meshLoops),
				plainLoops,
				meshLoops,
				warmRequests
			};
		} finally {
			await opened.close();
		}
	} finally {
		await preview.close();
	}
}
