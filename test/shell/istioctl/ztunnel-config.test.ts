import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	certificateSummary,
	parseDump,
	policySummary,
	serviceSummary,
	workloadSummary,
	type ZtunnelDump
} from '../../../src/shell/istioctl/ztunnel-config/summaries.ts';
import { inferNsInfo } from '../../../src/shell/istioctl/ztunnel-config/target.ts';
import { emptyPlayground, INSTALL, type Istioctl } from './helpers.ts';

const workload = (name: string, ns: string, ip: string, protocol: string, status = 'Healthy') => ({
	uid: `Kubernetes//Pod/${ns}/${name}`,
	name,
	namespace: ns,
	workloadIps: [ip],
	node: 'ambient-worker',
	protocol,
	status
});

function dump(body: Record<string, unknown>): ZtunnelDump {
	const d = parseDump(JSON.stringify(body));
	if ('error' in d) throw new Error(d.error);
	return d;
}

describe('ztunnel-config summaries', () => {
	it('sorts workloads by namespace then name, tabwriter padding 1', () => {
		const d = dump({
			workloads: [
				workload('ztunnel-abc', 'istio-system', '10.244.1.7', 'TCP'),
				workload('productpage-v1-x', 'default', '10.244.2.4', 'HBONE'),
				workload('details-v1-y', 'default', '10.244.1.2', 'HBONE')
			]
		});
		expect(workloadSummary(d, {})).toBe(
			'NAMESPACE    POD NAME         ADDRESS    NODE           WAYPOINT PROTOCOL\n' +
				'default      details-v1-y     10.244.1.2 ambient-worker None     HBONE\n' +
				'default      productpage-v1-x 10.244.2.4 ambient-worker None     HBONE\n' +
				'istio-system ztunnel-abc      10.244.1.7 ambient-worker None     TCP\n'
		);
	});

	it.each([
		{ name: 'namespace', filter: { namespace: 'ISTIO-SYSTEM' }, rows: ['ztunnel-abc'] },
		{ name: 'address', filter: { address: '10.244.2.4' }, rows: ['productpage-v1-x'] },
		{ name: 'node', filter: { node: 'nowhere' }, rows: [] }
	])('filters workloads by $name', ({ filter, rows }) => {
		const d = dump({
			workloads: [
				workload('ztunnel-abc', 'istio-system', '10.244.1.7', 'TCP'),
				workload('productpage-v1-x', 'default', '10.244.2.4', 'HBONE')
			]
		});
		const names = workloadSummary(d, filter)
			.trim()
			.split('\n')
			.slice(1)
			.map((l) => l.split(/\s+/)[1]);
		expect(names).toEqual(rows);
	});

	it('counts healthy endpoints over all endpoints and strips the network from VIPs', () => {
		const d = dump({
			workloads: [
				workload('reviews-v1', 'default', '10.0.0.1', 'HBONE'),
				workload('reviews-v2', 'default', '10.0.0.2', 'HBONE', 'Unhealthy')
			],
			services: [
				{
					name: 'reviews',
					namespace: 'default',
					hostname: 'reviews.default.svc.cluster.local',
					vips: ['/10.96.68.3'],
					endpoints: {
						a: { workloadUid: 'Kubernetes//Pod/default/reviews-v1' },
						b: { workloadUid: 'Kubernetes//Pod/default/reviews-v2' },
						c: { workloadUid: 'Kubernetes//Pod/default/gone' }
					}
				},
				{ name: 'kubernetes', namespace: 'default', hostname: 'k', vips: ['/10.96.0.1'] }
			]
		});
		expect(serviceSummary(d, '')).toBe(
			'NAMESPACE SERVICE NAME SERVICE VIP WAYPOINT ENDPOINTS\n' +
				'default   kubernetes   10.96.0.1   None     0/0\n' +
				'default   reviews      10.96.68.3  None     1/3\n'
		);
	});

	it('prints policies sorted with action and scope', () => {
		const d = dump({
			policies: [
				{ name: 'b', namespace: 'default', action: 'Deny', scope: 'Namespace' },
				{ name: 'a', namespace: 'default', action: 'Allow', scope: 'WorkloadSelector' },
				{ name: 'mesh', namespace: 'istio-system', action: 'Allow', scope: 'Global' }
			]
		});
		expect(policySummary(d, '')).toBe(
			'NAMESPACE    POLICY NAME ACTION SCOPE\n' +
				'default      a           Allow  WorkloadSelector\n' +
				'default      b           Deny   Namespace\n' +
				'istio-system mesh        Allow  Global\n'
		);
		expect(policySummary(d, 'istio-system')).not.toContain('default');
	});

	it('prints leaf and root per identity in hex, padding 5, NA when not yet issued', () => {
		const d = dump({
			certificates: [
				{
					identity: 'spiffe://cluster.local/ns/default/sa/a',
					state: 'Available',
					certChain: [
						{
							serialNumber: '255',
							validFrom: '2026-01-01T00:00:00Z',
							expirationTime: '2026-01-02T00:00:00Z'
						}
					],
					rootCerts: [
						{
							serialNumber: '4096',
							validFrom: '2025-01-01T00:00:00Z',
							expirationTime: '2026-01-01T06:00:00Z'
						}
					]
				},
				{ identity: 'spiffe://x/ns/b/sa/b', state: 'Unavailable: boom', certChain: [] }
			]
		});
		const now = new Date('2026-01-01T12:00:00Z');
		expect(certificateSummary(d, now)).toBe(
			'CERTIFICATE NAME                           TYPE     STATUS          VALID CERT     SERIAL NUMBER     NOT AFTER                NOT BEFORE\n' +
				'spiffe://cluster.local/ns/default/sa/a     Leaf     Available       true           ff                2026-01-02T00:00:00Z     2026-01-01T00:00:00Z\n' +
				'spiffe://cluster.local/ns/default/sa/a     Root     Available       false          1000              2026-01-01T06:00:00Z     2025-01-01T00:00:00Z\n' +
				'spiffe://x/ns/b/sa/b                       NA       Unavailable     false          NA                NA                       NA\n'
		);
	});

	it('reports a body that is not JSON with istioctl wording', () => {
		const d = parseDump('<html>');
		expect('error' in d && d.error).toMatch(
			/^error unmarshalling config dump response from ztunnel: /
		);
	});

	it.each([
		['ztunnel-abc', { name: 'ztunnel-abc', namespace: 'istio-system' }],
		['ztunnel-abc.kube-system', { name: 'ztunnel-abc', namespace: 'kube-system' }],
		['daemonset/ztunnel', { name: 'daemonset/ztunnel', namespace: 'istio-system' }],
		['daemonset.apps/ztunnel.foo', { name: 'daemonset.apps/ztunnel', namespace: 'foo' }]
	])('inferNsInfo(%s)', (arg, expected) => {
		expect(inferNsInfo(arg, 'istio-system')).toEqual(expected);
	});
});

describe('istioctl ztunnel-config on a cluster', () => {
	let t: Istioctl;
	beforeAll(async () => {
		t = await emptyPlayground();
	});
	afterAll(async () => {
		await t.dispose();
	});

	it('fails before Istio is installed: no ztunnel DaemonSet', async () => {
		const r = await t.run('istioctl zc workloads');
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			'Error: failed retrieving: daemonsets.apps "ztunnel" not found in the "istio-system" namespace\n'
		);
	});

	it('lists the ztunnels themselves as TCP workloads after install', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl ztunnel-config workloads');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const lines = r.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^NAMESPACE +POD NAME +ADDRESS +NODE +WAYPOINT PROTOCOL$/);
		const ztunnels = lines.filter((l) => /^istio-system +ztunnel-/.test(l));
		expect(ztunnels).toHaveLength(3);
		for (const l of ztunnels) expect(l).toMatch(/ None +TCP$/);
	});

	it.each(['w', 'workload', 'workloads'])('accepts the alias %s', async (alias) => {
		const r = await t.run(`istioctl zc ${alias} --workload-namespace istio-system`);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^NAMESPACE +POD NAME/);
	});

	it.each(['s', 'svc', 'service', 'services'])('accepts the alias %s', async (alias) => {
		const r = await t.run(`istioctl zc ${alias}`);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^NAMESPACE +SERVICE NAME +SERVICE VIP +WAYPOINT ENDPOINTS\n/);
		expect(r.stdout).toMatch(/\nistio-system +istiod +10\.96\.\S+ +None +1\/1\n/);
	});

	it.each(['p', 'pol', 'policy', 'policies'])('accepts the alias %s', async (alias) => {
		const r = await t.run(`istioctl zc ${alias}`);
		expect(r.output).toBe('NAMESPACE POLICY NAME ACTION SCOPE\n');
	});

	it("resolves an application pod to its node's ztunnel and shows that workload (istioctl 1.30 runConfigDump)", async () => {
		const [istiod] = t.list('pods', 'istio-system', 'app=istiod');
		const pod = istiod?.metadata.name ?? '';
		const r = await t.run(`istioctl zc workloads ${pod}.istio-system`);
		expect(r.code).toBe(0);
		const rows = r.stdout.trim().split('\n');
		expect(rows[0]).toMatch(/^NAMESPACE +POD NAME +ADDRESS +NODE +WAYPOINT +PROTOCOL$/);
		expect(rows.slice(1)).toHaveLength(1);
		expect(rows[1]).toContain(pod);
		const missing = await t.run('istioctl zc workloads nope.default');
		expect(missing.stderr).toBe('Error: failed to get pod nope.default: pods "nope" not found\n');
	});

	it('reads the named ztunnel, or the one on --node, but not both', async () => {
		const [a] = t.list('pods', 'istio-system', 'app=ztunnel');
		const name = a?.metadata.name ?? '';
		const node = (a as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName ?? '';
		expect((await t.run(`istioctl zc certs ${name}`)).stdout).toMatch(/^CERTIFICATE NAME +TYPE/);
		expect((await t.run(`istioctl zc certs --node ${node}`)).code).toBe(0);
		const both = await t.run(`istioctl zc certs ${name} --node ${node}`);
		expect(both.stderr).toBe('Error: at most one of --file, --node, or pod name must be passed\n');
		const nowhere = await t.run('istioctl zc certs --node nowhere');
		expect(nowhere.stderr).toBe('Error: no pods found\n');
	});

	it('needs a pod or --node for certificates when several ztunnels run', async () => {
		const r = await t.run('istioctl zc certificates');
		expect(r.code).toBe(1);
		expect(r.stderr).toBe('Error: ztunnel pod name or --node must be set\n');
	});

	it('takes -n as the ztunnel namespace, not the workloads one', async () => {
		const r = await t.run('istioctl zc workloads -n default');
		expect(r.stderr).toBe(
			'Error: failed retrieving: daemonsets.apps "ztunnel" not found in the "default" namespace\n'
		);
	});

	it('dumps the raw section with -o json and -o yaml', async () => {
		const json = await t.run('istioctl zc workloads --workload-namespace istio-system -o json');
		const parsed = JSON.parse(json.stdout) as { name: string; protocol: string }[];
		expect(parsed.length).toBeGreaterThanOrEqual(3);
		expect(parsed.every((w) => w.protocol === 'TCP')).toBe(true);
		expect(json.stdout).toMatch(/^\[\n {4}\{/);
		const yaml = await t.run('istioctl zc all -o yaml');
		expect(yaml.stdout).toMatch(/^certificates:/);
		const bad = await t.run('istioctl zc all -o wide');
		expect(bad.stderr).toBe('Error: output format "wide" not supported\n');
	});

	it('prints every section for all, each after a blank line', async () => {
		const r = await t.run('istioctl zc all');
		expect(r.code).toBe(0);
		const headers = r.stdout.split('\n').filter((l, i, a) => i > 0 && a[i - 1] === '');
		expect(r.stdout.startsWith('\n')).toBe(true);
		expect(headers.map((h) => h.split(/ +/).slice(0, 2).join(' '))).toEqual([
			'NAMESPACE POD',
			'NAMESPACE SERVICE',
			'NAMESPACE POLICY',
			'CERTIFICATE NAME'
		]);
	});

	it('prints its help for an unknown subcommand, as cobra does for a parent without Args', async () => {
		// ztunnelconfig.go's ztunnel-config has no Args or Run: cobra v1.10.2's legacyArgs lets
		// the word through and execute returns flag.ErrHelp (help on stdout, exit 0).
		const r = await t.run('istioctl zc bogus');
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		expect(r.stdout).toMatch(
			/^A group of commands used to update or retrieve Ztunnel configuration/
		);
	});
});

/**
 * `istioctl ztunnel-config log` (istio 1.30.3 istioctl/pkg/ztunnelconfig/ztunnelconfig.go logCmd,
 * setupZtunnelLogs; pkg/kube/client.go portForwardRequest's `unexpected status code`) against
 * ztunnel's `/logging` (ztunnel 1.30.3 src/admin.rs, src/telemetry.rs).
 */
describe('istioctl ztunnel-config log', () => {
	let t: Istioctl;
	let zt: string;
	beforeAll(async () => {
		t = await emptyPlayground();
		await t.run(INSTALL);
		zt = (
			await t.run(
				"kubectl get pods -n istio-system -l app=ztunnel -o jsonpath='{.items[0].metadata.name}'"
			)
		).stdout;
	});
	afterAll(async () => {
		await t.dispose();
	});

	it("lists every ztunnel's level under <pod>.<namespace>:", async () => {
		const r = await t.run('istioctl zc log');
		expect(r.code).toBe(0);
		const blocks = r.stdout.split('\n\n').filter((b) => b !== '');
		expect(blocks).toHaveLength(3);
		for (const b of blocks)
			expect(b).toMatch(
				/^ztunnel-\w+\.istio-system:\ncurrent log level is hickory_server::server=off,info$/
			);
	});

	it('sets a level on one ztunnel, which then logs through the new filter', async () => {
		const r = await t.run(`istioctl zc log ${zt} --level access=debug`);
		expect(r.stdout).toBe(
			`${zt}.istio-system:\ncurrent log level is hickory_server::server=off,access=debug,info\n\n`
		);
		const logs = await t.run(`kubectl logs -n istio-system ${zt} | tail -1`);
		expect(logs.stdout).toMatch(
			/\tinfo\ttelemetry\tnew log filter is hickory_server::server=off,access=debug,info\t\n$/
		);
		await t.run(`istioctl zc log ${zt} --level off`);
		const after = await t.run(`kubectl logs -n istio-system ${zt} | tail -1`);
		expect(after.stdout).toBe(logs.stdout);
	});

	it('resets to info with a warning on stdout', async () => {
		const r = await t.run(`istioctl zc log ${zt}.istio-system -r`);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(
			new RegExp(
				`^\\S+Z\\twarn\\tlog level reset; using default value "info" for Ztunnel\\n${zt}\\.istio-system:\\ncurrent log level is hickory_server::server=off,info\\n\\n$`
			)
		);
	});

	it.each([
		// istioctl's own example; ztunnel wants `=` and answers 400.
		[
			'--level access:debug',
			(zt: string) =>
				`Error: 1 error occurred:\n\t* ${zt}.istio-system: failed to execute command on Ztunnel: unexpected status code: 400\n\n\n`
		],
		['--level loud', () => 'Error: unrecognized logging level: loud\n'],
		['-r --level debug', () => 'Error: --level cannot be combined with --reset\n'],
		['-o json', () => 'Error: --output is not applicable for this command\n']
	])('%s fails as istioctl does', async (flags, err) => {
		const r = await t.run(`istioctl zc log ${zt} ${flags}`);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(err(zt));
	});

	it('connections needs one ztunnel, and prints the header when no pod is served', async () => {
		// connectionsCmd runs runConfigDump with enforceSinglePod (ztunnelconfig.go).
		const none = await t.run('istioctl zc connections');
		expect(none.stderr).toBe('Error: ztunnel pod name or --node must be set\n');
		const r = await t.run('istioctl zc cons --node ambient-worker');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe('WORKLOAD DIRECTION LOCAL REMOTE REMOTE TARGET PROTOCOL\n');
		const json = await t.run(`istioctl zc connections ${zt} -o json`);
		expect(json.stdout).toBe('[]\n');
	});

	it('refuses a pod that is not a ztunnel', async () => {
		const istiod = (
			await t.run(
				"kubectl get pods -n istio-system -l app=istiod -o jsonpath='{.items[0].metadata.name}'"
			)
		).stdout;
		const r = await t.run(`istioctl zc log ${istiod}`);
		expect(r.stderr).toBe(
			`Error: workloads command is only supported by Ztunnel proxies: ${istiod}\n`
		);
	});
});
