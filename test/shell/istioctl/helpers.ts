/** An empty playground with istioctl, and a way to run command lines on it. */
import type { ApiServer, ResourceType } from '../../../src/mesh/api/api-server.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { playground } from '../../support/playground.ts';
import { exec, type RunResult } from '../harness.ts';

export interface Istioctl {
	readonly p: Playground;
	run(line: string, stdin?: string): Promise<RunResult>;
	list(typed: string, namespace?: string, selector?: string): KubeObject[];
	dispose(): Promise<void>;
}

export async function emptyPlayground(): Promise<Istioctl> {
	const p = await playground('inprocess', 'empty');
	const api: ApiServer = p.cluster.api;
	return {
		p,
		run: (line, stdin = '') => exec(p.shell, line, stdin),
		list(typed, namespace, selector) {
			const type = api.resolve(typed) as ResourceType | undefined;
			if (!type) return [];
			const r = api.list(type, {
				...(namespace ? { namespace } : {}),
				...(selector ? { labelSelector: selector } : {})
			});
			return isApiError(r) ? [] : r;
		},
		dispose: () => p.cluster.dispose()
	};
}

export const INSTALL = 'istioctl install --set profile=ambient --skip-confirmation';
