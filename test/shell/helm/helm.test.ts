/**
 * helm's pure pieces, from helm/helm v3's source: uitable tables as cmd/helm/list.go prints them
 * (cells padded to the column, joined by a tab), Go's time formats (status.go's time.ANSIC,
 * list.go's time.Time.String), pkg/strvals for `--set`, and pkg/action/validate.go's metadata
 * (setMetadataVisitor) on what istio/istio's charts render.
 */
import { describe, expect, it } from 'vitest';
import { ansic } from '../../../src/mesh/calendar.ts';
import { goTime, table } from '../../../src/shell/helm/common.ts';
import { helmify } from '../../../src/shell/helm/render.ts';
import { userValues } from '../../../src/shell/helm/values.ts';
import { istiodObjects } from '../../../src/shell/istioctl/manifests/istiod.ts';
import { createVfs } from '../../../src/shell/vfs-impl.ts';

describe('helm output formats', () => {
	it('pads every cell to its column and joins with a tab (gosuri/uitable)', () => {
		expect(
			table([
				['NAME', 'URL'],
				['istio', 'https://x']
			])
		).toBe('NAME \tURL      \nistio\thttps://x');
	});

	it.each([
		{
			ms: Date.UTC(2026, 0, 1, 0, 0, 9),
			ansi: 'Thu Jan  1 00:00:09 2026',
			go: '2026-01-01 00:00:09 +0000 UTC'
		},
		{
			ms: Date.UTC(2026, 10, 17, 22, 14, 45, 960),
			ansi: 'Tue Nov 17 22:14:45 2026',
			go: '2026-11-17 22:14:45.96 +0000 UTC'
		}
	])('$go', ({ ms, ansi, go }) => {
		expect(ansic(new Date(ms))).toBe(ansi);
		expect(goTime(ms)).toBe(go);
	});
});

describe('--set and -f (pkg/strvals, pkg/cli/values)', () => {
	const vfs = createVfs({ 'v.yaml': 'profile: demo\nmeshConfig:\n  accessLogFile: /dev/stdout\n' });
	it.each([
		{ sets: ['profile=ambient'], files: [], want: { profile: 'ambient' } },
		{ sets: ['a.b=1,c=true,d=x'], files: [], want: { a: { b: 1 }, c: true, d: 'x' } },
		{
			sets: ['profile=ambient'],
			files: ['v.yaml'],
			want: { profile: 'ambient', meshConfig: { accessLogFile: '/dev/stdout' } }
		},
		{
			sets: ['profile'],
			files: [],
			want: { error: 'failed parsing --set data: key "profile" has no value' }
		},
		{ sets: [], files: ['nope.yaml'], want: { error: 'open nope.yaml: no such file or directory' } }
	])('$sets $files', ({ sets, files, want }) => {
		expect(userValues(vfs, files, sets)).toEqual(want);
	});
});

describe('what Helm adds to a chart object', () => {
	it('labels, annotations, the release namespace and Release.Name labels; no istioctl owner labels', () => {
		const [sa] = helmify(istiodObjects(), 'my-istiod', 'istio-control');
		expect(sa?.metadata.namespace).toBe('istio-control');
		expect(sa?.metadata.annotations).toEqual({
			'meta.helm.sh/release-name': 'my-istiod',
			'meta.helm.sh/release-namespace': 'istio-control'
		});
		expect(sa?.metadata.labels).toMatchObject({
			'app.kubernetes.io/managed-by': 'Helm',
			'app.kubernetes.io/instance': 'my-istiod',
			release: 'my-istiod',
			'operator.istio.io/component': 'Pilot'
		});
		expect(sa?.metadata.labels).not.toHaveProperty('operator.istio.io/managed');
		expect(sa?.metadata.labels).not.toHaveProperty('operator.istio.io/version');
	});
});
