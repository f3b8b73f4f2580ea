/**
 * Issue 16 in a real Chromium: a manifest with an unknown field is flagged in the editor before
 * Apply, and the editor's Apply (which runs `kubectl apply -f -`) fails with kubectl's strict
 * decoding error, as the terminal does; a custom resource breaking a CEL rule of its CRD fails
 * with the API server's "is invalid" message. Screenshots go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openEditor,
	openPlayground,
	runCommand,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

/** Pastes `text` over the editor's buffer, as a learner would. */
async function setEditorText(page: Page, text: string): Promise<void> {
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await openEditor(page);
	await page.locator('[data-testid="monaco"] .monaco-editor .view-lines').first().click();
	await page.evaluate((t) => navigator.clipboard.writeText(t), text);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Control+V');
	await until('the pasted text', async () => {
		const shown = (
			await page.locator('[data-testid="monaco"] .view-lines').first().innerText()
		).replace(/\u00a0/g, ' ');
		return shown.trim() === text.trim();
	});
}

async function applyFromEditor(page: Page): Promise<string> {
	const output = page.getByTestId('editor-output');
	const before = await output.textContent().catch(() => null);
	await page.getByRole('button', { name: 'Apply' }).click();
	let text = '';
	await until('apply output', async () => {
		text = (await output.textContent().catch(() => null)) ?? '';
		return text !== '' && text !== before;
	});
	return text;
}

/** Short, flow-style manifests: the editor shows every line, so the paste can be checked. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selectr: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;

describe('strict field and CRD validation in the browser', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('marks the unknown field before Apply, and Apply fails with the strict decoding error', async () => {
		const { page } = opened;
		await setEditorText(page, DEPLOYMENT);
		await until(
			'a marker on spec.selectr',
			async () =>
				(await page
					.locator(
						'[data-testid="monaco"] .squiggly-warning, [data-testid="monaco"] .squiggly-error'
					)
					.count()) > 0
		);
		expect(await applyFromEditor(page)).toContain(
			'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selectr"'
		);
		await page.screenshot({ path: resolve(OUT, 'strict-fields-editor-apply.png') });
		expect(await runCommand(page, 'kubectl get deploy web')).toBe(
			'Error from server (NotFound): deployments.apps "web" not found'
		);
	});

	it('rejects an AuthorizationPolicy with both selector and targetRefs', async () => {
		const { page } = opened;
		await runCommand(page, 'istioctl install --set profile=ambient --skip-confirmation', 60_000);
		await setEditorText(
			page,
			'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  selector: {matchLabels: {app: productpage}}\n  targetRefs: [{kind: Service, group: "", name: productpage}]\n'
		);
		expect(await applyFromEditor(page)).toContain(
			'The AuthorizationPolicy "p" is invalid: spec: Invalid value: "object": only one of targetRefs or selector can be set'
		);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
