/**
 * `npm run lessons:check` inside `npm test`: every lesson under lessons/ loads without schema
 * problems and replays headlessly (checks fail before, pass after each solution; wrong answers
 * do not pass).
 */
import { describe, expect, it } from 'vitest';
import { checkLessons, lessonDirs } from '../../scripts/lessons-check.ts';

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

	it.each(dirs.map((d) => ({ dir: d, name: d.split('/').at(-1) })))(
		'$name passes lessons:check',
		async ({ dir }) => {
			expect(await checkLessons([dir])).toEqual([]);
		},
		180_000
	);
});
