/**
 * Starts `vite preview` over the already-built dist/ (the test script runs `vite build` first;
 * this builds nothing) and hands its URL to the tests as `inject('baseURL')`.
 */
import type { TestProject } from 'vitest/node';
import { startPreview } from './preview-server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startPreview();
	project.provide('baseURL', server.url);
	return () => server.close();
}
