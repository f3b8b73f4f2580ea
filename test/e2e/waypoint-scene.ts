/**
 * The scene the view tests look at: Istio's ambient getting-started up to a namespace waypoint,
 * one request allowed (200), then an L7 policy that admits nobody, so the next one is a 403.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { runCommand } from './playground-page.ts';

const POLICY = JSON.stringify({
	apiVersion: 'security.istio.io/v1',
	kind: 'AuthorizationPolicy',
	metadata: { name: 'productpage-viewer', namespace: 'default' },
	spec: {
		targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }],
		action: 'ALLOW',
		rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/nobody'] } }] }]
	}
});

export const CURL_CODE =
	'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage';

/** Runs the scene in the page's terminal (the prompt must be up). */
export async function setUpWaypointWith403(page: Page): Promise<void> {
	for (const command of [
		'istioctl install --set profile=ambient -y > /dev/null',
		'kubectl label namespace default istio.io/dataplane-mode=ambient',
		'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null',
		'istioctl waypoint apply --enroll-namespace --wait'
	])
		await runCommand(page, command, 120_000);
	expect(await runCommand(page, CURL_CODE)).toBe('200');
	await runCommand(page, `echo '${POLICY}' | kubectl apply -f -`);
	expect(await runCommand(page, CURL_CODE)).toBe('403');
}
