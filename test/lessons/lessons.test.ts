/**
 * The curriculum's lessons, in order. Each is replayed by `lessons:check` in the
 * lessons-NN-MM.test.ts slices (every lesson number falls in one of them).
 */
import { describe, expect, it } from 'vitest';
import { lessonDirs } from '../../scripts/lessons-check.ts';

const dirs = lessonDirs();

describe('lessons', () => {
	it('the curriculum is all there', () => {
		expect(dirs.map((d) => d.split('/').at(-1))).toEqual([
			'01-meet-the-cluster',
			'02-install-istio',
			'03-join-the-mesh',
			'04-identities',
			'05-l4-authorization',
			'06-strict-mtls',
			'07-waypoints',
			'08-l7-authorization',
			'09-traffic-management',
			'10-troubleshooting',
			'11-sidecar-and-ambient',
			'12-ingress-gateway',
			'13-observability',
			'14-namespaces',
			'15-waypoint-for',
			'16-migrate-from-sidecars',
			'17-troubleshooting-toolkit',
			'18-cleanup',
			'19-egress',
			'20-fix-the-broken-mesh'
		]);
	});
});
