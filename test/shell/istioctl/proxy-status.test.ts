import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	formatStatus,
	statusTable,
	verboseStatusTable,
	type ProxyRow
} from '../../../src/shell/istioctl/proxy-status-writer.ts';
import { parseSyncz } from '../../../src/shell/istioctl/proxy-status.ts';
import { emptyPlayground, INSTALL, type Istioctl } from './helpers.ts';

const WDS = 'type.googleapis.com/istio.workload.Address';
const WADS = 'type.googleapis.com/istio.security.Authorization';
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const LDS = 'type.googleapis.com/envoy.config.listener.v3.Listener';
const NOW = Date.parse('2026-01-01T01:00:00Z');
const AGO = (s: number) => NOW - s * 1000;

const ztunnel: ProxyRow = {
	proxyId: 'ztunnel-b.istio-system',
	clusterId: 'Kubernetes',
	istiod: 'istiod-5f4c75464f-gskxf',
	version: '1.30.3',
	types: {
		[WADS]: { sent: 'n2', acked: 'n2', sentAt: AGO(4) },
		[WDS]: { sent: 'n2', acked: 'n1', sentAt: AGO(150) }
	}
};
/** How a sidecar will show up once sidecars connect: Envoy types, no WDS. */
const sidecar: ProxyRow = {
	proxyId: 'productpage-v1-x.default',
	clusterId: 'Kubernetes',
	istiod: 'istiod-5f4c75464f-gskxf',
	version: '1.30.3',
	types: { [LDS]: { sent: 'a', acked: 'a', sentAt: AGO(60) }, [CDS]: {} }
};

describe('proxy-status writer', () => {
	it.each([
		{ name: 'never sent', s: {}, out: 'NOT SENT' },
		{ name: 'ACKed', s: { sent: 'a', acked: 'a', sentAt: AGO(4) }, out: 'SYNCED (4s)' },
		{ name: 'never ACKed', s: { sent: 'a', sentAt: AGO(130) }, out: 'STALE (2m10s)' },
		{ name: 'older ACK', s: { sent: 'b', acked: 'a', sentAt: AGO(3600) }, out: 'STALE (60m)' },
		{ name: 'NACKed', s: { sent: 'a', lastError: 'x', sentAt: AGO(1) }, out: 'ERROR (1s)' }
	])('formats a type status: $name', ({ s, out }) => {
		expect(formatStatus(s, NOW)).toBe(out);
	});

	it('prints the subscribed types per proxy, core types first (tabwriter padding 5)', () => {
		expect(statusTable([ztunnel, sidecar])).toBe(
			'NAME                         CLUSTER        ISTIOD                      VERSION     SUBSCRIBED TYPES\n' +
				'productpage-v1-x.default     Kubernetes     istiod-5f4c75464f-gskxf     1.30.3      2 (CDS,LDS)\n' +
				'ztunnel-b.istio-system       Kubernetes     istiod-5f4c75464f-gskxf     1.30.3      2 (WADS,WDS)\n'
		);
		expect(statusTable([])).toBe('NAME     CLUSTER     ISTIOD     VERSION     SUBSCRIBED TYPES\n');
	});

	it('with -v 1, one column per type sorted by URL, IGNORED where not subscribed', () => {
		const lines = verboseStatusTable([ztunnel], NOW).split('\n');
		expect(lines[0]?.split(/\s{2,}/)).toEqual([
			'NAME',
			'CLUSTER',
			'CDS',
			'ECDS',
			'EDS',
			'LDS',
			'RDS',
			'WADS',
			'WDS',
			'ISTIOD',
			'VERSION'
		]);
		expect(lines[1]?.split(/\s{2,}/)).toEqual([
			'ztunnel-b.istio-system',
			'Kubernetes',
			'IGNORED',
			'IGNORED',
			'IGNORED',
			'IGNORED',
			'IGNORED',
			'SYNCED (4s)',
			'STALE (2m30s)',
			'istiod-5f4c75464f-gskxf',
			'1.30.3'
		]);
	});

	it('reads istiod /debug/syncz JSON, and refuses garbage', () => {
		const body = JSON.stringify([
			{
				cluster_id: 'Kubernetes',
				proxy: 'ztunnel-b.istio-system',
				proxy_type: 'ztunnel',
				resources: {
					[WDS]: { sent: 'n', acked: 'n', sentTime: '2026-01-01T00:59:56.000Z' },
					[WADS]: { sentTime: '0001-01-01T00:00:00Z' }
				}
			}
		]);
		expect(parseSyncz(body, 'istiod-x')).toEqual([
			{
				proxyId: 'ztunnel-b.istio-system',
				clusterId: 'Kubernetes',
				istiod: 'istiod-x',
				version: '',
				types: { [WDS]: { sent: 'n', acked: 'n', sentAt: AGO(4) }, [WADS]: {} }
			}
		]);
		expect(parseSyncz('not json', 'istiod-x')).toBe('could not parse sync status: invalid JSON');
	});
});

describe('istioctl proxy-status on a cluster', () => {
	let t: Istioctl;
	beforeAll(async () => {
		t = await emptyPlayground();
	});
	afterAll(() => t.dispose());

	it('needs a running istiod', async () => {
		const r = await t.run('istioctl ps');
		expect(r.stderr).toBe('Error: no running Istio pods in "istio-system"\n');
		expect(r.code).toBe(1);
	});

	it('lists every ztunnel, control-plane node included, synced with istiod', async () => {
		await t.run(INSTALL);
		const ztunnels = t.list('pods', 'istio-system', 'app=ztunnel');
		const istiod = t.list('pods', 'istio-system', 'app=istiod')[0]?.metadata.name ?? '';
		expect(
			ztunnels.map((p) => (p as unknown as { spec: { nodeName: string } }).spec.nodeName).sort()
		).toEqual(['ambient-control-plane', 'ambient-worker', 'ambient-worker2']);
		const r = await t.run('istioctl proxy-status');
		const rows = r.stdout.trim().split('\n');
		expect(rows[0]).toMatch(/^NAME\s+CLUSTER\s+ISTIOD\s+VERSION\s+SUBSCRIBED TYPES$/);
		expect(rows.slice(1).map((l) => l.split(/\s{2,}/))).toEqual(
			ztunnels
				.map((p) => p.metadata.name)
				.sort()
				.map((n) => [`${n}.istio-system`, 'Kubernetes', istiod, '1.30.3', '2 (WADS,WDS)'])
		);
		const verbose = await t.run('istioctl ps -v 1');
		expect(verbose.stdout.split('\n')[1]).toMatch(
			/ IGNORED {5}SYNCED \(\d+s\) {5}SYNCED \(\d+s\) {5}istiod-/
		);
	});

	it.each([
		{
			line: 'istioctl ps -n default',
			out: /^NAME {5}CLUSTER {5}ISTIOD {5}VERSION {5}SUBSCRIBED TYPES\n$/
		},
		{ line: 'istioctl ps -n istio-system', out: /ztunnel-.*\n.*ztunnel-.*\n.*ztunnel-/ }
	])("$line filters by the proxies' namespace", async ({ line, out }) => {
		expect((await t.run(line)).stdout).toMatch(out);
	});

	it('has no sync diff for a ztunnel', async () => {
		const name = t.list('pods', 'istio-system', 'app=ztunnel')[0]?.metadata.name ?? '';
		const r = await t.run(`istioctl ps ${name}.istio-system`);
		expect(r.stdout).toBe(`Sync diff is not available for ztunnel pod ${name}.istio-system\n`);
	});

	it('is listed in istioctl help, with its alias', async () => {
		expect((await t.run('istioctl help')).stdout).toMatch(
			/\n {2}proxy-status +Retrieves the synchronization status of each Envoy in the mesh\n/
		);
		expect((await t.run('istioctl ps --help')).stdout).toContain('Aliases:\n  proxy-status, ps\n');
	});

	it('refuses an output format it does not know', async () => {
		const r = await t.run('istioctl ps -o wide');
		expect(r.stderr).toBe('Error: output format "wide" not supported\n');
	});
});
