import type { ApiServer } from '../../../../mesh/api/api-server.ts';
import type { KubeObject } from '../../../../mesh/api/objects.ts';

export interface DescribeContext {
	readonly api: ApiServer;
	/** The cluster's now, Unix ms. */
	readonly nowMs: number;
	/** Events about the object; undefined with --show-events=false (no Events: block at all). */
	readonly events: readonly KubeObject[] | undefined;
}

/** Renders one object as `kubectl describe` does. */
export type Describer = (obj: KubeObject, c: DescribeContext) => string;
