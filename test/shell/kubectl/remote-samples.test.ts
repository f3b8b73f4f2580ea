/**
 * The 1.30 docs link Istio's samples as `{{< github_file >}}/samples/…`, which istio.io renders as
 * https://raw.githubusercontent.com/istio/istio/release-1.30/samples/… (e.g. the ambient
 * getting-started cleanup page). Those URLs (and a 1.30 patch tag) serve the playground's
 * samples; another branch is not served (kubectl's 404).
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import { fetchRemoteFile } from '../../../src/shell/samples/remote-files.ts';

const RAW = 'https://raw.githubusercontent.com/istio/istio';

describe('Istio samples at their GitHub URLs', () => {
	it.each([
		[
			`${RAW}/release-1.30/samples/bookinfo/platform/kube/bookinfo.yaml`,
			'samples/bookinfo/platform/kube/bookinfo.yaml'
		],
		[`${RAW}/1.30.3/samples/sleep/sleep.yaml`, 'samples/sleep/sleep.yaml'],
		[`${RAW}/master/samples/sleep/sleep.yaml`, undefined],
		[`${RAW}/release-1.30/samples/nosuch.yaml`, undefined]
	])('%s', async (url, path) => {
		expect(await fetchRemoteFile(url)).toBe(path === undefined ? undefined : SAMPLE_FILES[path]);
	});
});
