/**
 * What a learner reads when a check fails (issue 14): the controller's own words from the
 * object's status, never a bare `status.conditions.0.status is "False"`; and for a request a
 * policy denied, the object at fault and the proxy that enforced it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { applyManifest, loadLesson } from '../../src/lessons/loader.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

const { lesson } = loadLessonDir(`${LESSONS_DIR}/08-l7-authorization`);
let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
});

describe('resource check evidence', () => {
	it("quotes istiod's condition when a policy binds with a selector instead of targetRefs", async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(0);
		const [wrong] = lesson!.steps[0]!.wrong;
		for (const command of wrong!) await host.type(command);
		const report = await engine.evaluate();
		const accepted = report.conditions.find((c) => c.name.startsWith('The waypoint accepted'));
		expect(accepted?.passed).toBe(false);
		const evidence = accepted!.evidence.join('\n');
		expect(evidence).not.toMatch(/status\.conditions\.\d/);
		// The policy went to ztunnel, which says so in Istio's own words.
		expect(evidence).toContain(
			'its status says ZtunnelAccepted is True (UnsupportedValue): ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a waypoint proxy'
		);
	}, 120_000);
});

/** Bookinfo in ambient mode behind a waypoint, and a check a policy can break. */
const BEHIND_WAYPOINT = loadLesson(
	`---
id: evidence-demo
title: Evidence
summary: What a failing check names.
level: beginner
minutes: 5
setup:
  scenario: bookinfo
  commands:
    - istioctl install --set profile=ambient --skip-confirmation
    - kubectl label namespace default istio.io/dataplane-mode=ambient
    - kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
    - istioctl waypoint apply --enroll-namespace --wait
seed: 1
---

## Step: Reach productpage

\`\`\`solution
kubectl get pods
\`\`\`

\`\`\`check
- name: curl reached productpage
  traffic: { from: curl, to: productpage, result: allowed, status: 200 }
- name: no policy left in default
  resource: { kind: authorizationpolicy, exists: false }
\`\`\`
`,
	{ file: 'evidence-demo.md' }
).lesson!;

const policy = (name: string, spec: string): string =>
	applyManifest(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
spec:
${spec}`);

const TO_PRODUCTPAGE = `  targetRefs:
  - kind: Service
    group: ""
    name: productpage`;

describe('traffic check evidence names the object at fault', () => {
	async function deniedBy(
		manifest: string
	): Promise<{ traffic: readonly string[]; left: readonly string[] }> {
		host = headlessHost();
		const engine = new LessonEngine(BEHIND_WAYPOINT, host);
		await engine.start(0);
		expect((await host.type(manifest)).exitCode).toBe(0);
		await host.type('kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage');
		const report = await engine.evaluate();
		const [traffic, left] = report.conditions;
		expect([traffic?.passed, left?.passed]).toEqual([false, false]);
		return { traffic: traffic!.evidence, left: left!.evidence };
	}

	it('a deny-all at the waypoint: the ALLOW policy that allows nothing', async () => {
		const { traffic, left } = await deniedBy(policy('deny-all', TO_PRODUCTPAGE));
		expect(traffic[0]).toBe(
			'denied by AuthorizationPolicy default/deny-all at the waypoint default/waypoint (an ALLOW policy, and none of its rules matched); the client was spiffe://cluster.local/ns/default/sa/curl'
		);
		expect(left).toEqual(['AuthorizationPolicy default/deny-all is still there']);
	}, 120_000);

	it('a DENY policy at the waypoint', async () => {
		const { traffic } = await deniedBy(
			policy(
				'no-get',
				`${TO_PRODUCTPAGE}\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: [GET]`
			)
		);
		expect(traffic[0]).toBe(
			'denied by AuthorizationPolicy default/no-get at the waypoint default/waypoint; the client was spiffe://cluster.local/ns/default/sa/curl'
		);
		expect(traffic.join('\n')).not.toMatch(/status\.|spec\./);
	}, 120_000);

	it('a leftover ztunnel policy that denies the waypoint turns the request into a 503', async () => {
		const { traffic } = await deniedBy(
			policy(
				'productpage-ztunnel',
				`  selector:\n    matchLabels: { app: productpage }\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: [cluster.local/ns/default/sa/curl]`
			)
		);
		expect(traffic[0]).toMatch(
			/^denied by AuthorizationPolicy default\/productpage-ztunnel at ztunnel on \S+ \(inbound to default\/productpage-v1-\S+\) \(an ALLOW policy, and none of its rules matched\); the client was spiffe:\/\/cluster\.local\/ns\/default\/sa\/waypoint$/
		);
		expect(traffic.join('\n')).toContain('HTTP 503');
	}, 120_000);
});
