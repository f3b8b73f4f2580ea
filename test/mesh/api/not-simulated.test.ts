/**
 * Kinds served but deliberately not simulated are refused at admission with a note, so nothing
 * is stored that the playground would then silently ignore: TrafficExtension (Lua, Istio's
 * "Extend waypoints with Lua scripts" page). WasmPlugin is simulated (basic_auth) and admitted.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import type { ResourceType } from '../../../src/mesh/api/api-server.ts';
import { refuseNotSimulated } from '../../../src/mesh/api/not-simulated.ts';

const obj = { metadata: { name: 'x', namespace: 'default' } } as unknown as KubeObject;
const type = (group: string, kind: string) => ({ group, kind }) as unknown as ResourceType;

describe('not-simulated kinds', () => {
	it.each([
		['extensions.istio.io', 'TrafficExtension', 'CREATE', true],
		['extensions.istio.io', 'TrafficExtension', 'UPDATE', true],
		['extensions.istio.io', 'WasmPlugin', 'CREATE', false],
		['', 'Pod', 'CREATE', false]
	] as const)('%s/%s %s refused: %s', (group, kind, op, refused) => {
		const r = refuseNotSimulated(op, type(group, kind), obj, undefined);
		if (!refused) expect(r).toBeUndefined();
		else
			expect(r).toEqual({
				type: 'api-error',
				reason: 'BadRequest',
				message:
					'TrafficExtension is not simulated in Mesh Playground: its waypoints and gateways cannot run Lua'
			});
	});
});
