import { describe, expect, it } from 'vitest';
import { kubectlCommand } from '../../../src/shell/kubectl/index.ts';
import { fakeContext, runCommand, type RunResult } from '../../support/fake-api.ts';
import { bookinfoApi } from './read-fixtures.ts';

async function kubectl(args: string): Promise<RunResult> {
	return runCommand(kubectlCommand, fakeContext(bookinfoApi(), 138), args);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

const PRODUCTPAGE_POD = lines(
	'Name:             productpage-v1-87d54dd59-wl7qf',
	'Namespace:        default',
	'Priority:         0',
	'Service Account:  bookinfo-productpage',
	'Node:             ambient-worker/172.18.0.3',
	'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000',
	'Labels:           app=productpage',
	'                  pod-template-hash=87d54dd59',
	'                  version=v1',
	'Annotations:      <none>',
	'Status:           Running',
	'IP:               10.244.1.5',
	'IPs:',
	'  IP:           10.244.1.5',
	'Controlled By:  ReplicaSet/productpage-v1-87d54dd59',
	'Containers:',
	'  productpage:',
	'    Container ID:   ',
	'    Image:          docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
	'    Image ID:       ',
	'    Port:           9080/TCP',
	'    Host Port:      0/TCP',
	'    State:          Running',
	'      Started:      Thu, 01 Jan 2026 00:00:02 +0000',
	'    Ready:          True',
	'    Restart Count:  0',
	'    Environment:    <none>',
	'    Mounts:         <none>',
	'Conditions:',
	'  Type                        Status',
	'  PodReadyToStartContainers   True ',
	'  Initialized                 True ',
	'  Ready                       True ',
	'  ContainersReady             True ',
	'  PodScheduled                True ',
	'Volumes:                      <none>',
	'QoS Class:                    BestEffort',
	'Node-Selectors:               <none>',
	'Tolerations:                  <none>',
	'Events:',
	'  Type    Reason     Age    From               Message',
	'  ----    ------     ----   ----               -------',
	'  Normal  Scheduled  2m18s  default-scheduler  Successfully assigned default/productpage-v1-87d54dd59-wl7qf to ambient-worker'
);

describe('kubectl describe', () => {
	it('pod: kubectl layout, containers, conditions and events', async () => {
		const r = await kubectl('describe pod productpage-v1-87d54dd59-wl7qf');
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe(PRODUCTPAGE_POD);
	});

	it('pod by name prefix, like kubectl describe pod productpage', async () => {
		expect((await kubectl('describe pod productpage')).stdout).toBe(PRODUCTPAGE_POD);
	});

	it('a waiting container shows its reason', async () => {
		const r = await kubectl('describe pods/details-v1-cf74bb974-nw94k');
		expect(r.stdout).toContain(
			'    State:          Waiting\n      Reason:       ContainerCreating\n    Ready:          False\n'
		);
		expect(r.stdout).toContain('IPs:              <none>\n');
		expect(r.stdout).toContain('Events:                       <none>\n');
	});

	it('service', async () => {
		const r = await kubectl('describe svc productpage');
		expect(r.stdout).toBe(
			lines(
				'Name:                     productpage',
				'Namespace:                default',
				'Labels:                   app=productpage',
				'                          service=productpage',
				'Annotations:              <none>',
				'Selector:                 app=productpage',
				'Type:                     ClusterIP',
				'IP Family Policy:         SingleStack',
				'IP Families:              IPv4',
				'IP:                       10.96.58.95',
				'IPs:                      10.96.58.95',
				'Port:                     http  9080/TCP',
				'TargetPort:               9080/TCP',
				'Endpoints:                10.244.1.5:9080',
				'Session Affinity:         None',
				'Internal Traffic Policy:  Cluster',
				'Events:                   <none>'
			)
		);
	});

	it('deployment: replicas line, pod template, replica sets', async () => {
		const r = await kubectl('describe deploy productpage-v1');
		expect(r.stdout).toBe(
			lines(
				'Name:                   productpage-v1',
				'Namespace:              default',
				'CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000',
				'Labels:                 app=productpage',
				'                        version=v1',
				'Annotations:            deployment.kubernetes.io/revision: 1',
				'Selector:               app=productpage,version=v1',
				'Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable',
				'StrategyType:           RollingUpdate',
				'MinReadySeconds:        0',
				'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
				'Pod Template:',
				'  Labels:           app=productpage',
				'                    version=v1',
				'  Service Account:  bookinfo-productpage',
				'  Containers:',
				'   productpage:',
				'    Image:         docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
				'    Port:          9080/TCP',
				'    Host Port:     0/TCP',
				'    Environment:   <none>',
				'    Mounts:        <none>',
				'  Volumes:         <none>',
				'  Node-Selectors:  <none>',
				'  Tolerations:     <none>',
				'Conditions:',
				'  Type           Status  Reason',
				'  ----           ------  ------',
				'  Available      True    MinimumReplicasAvailable',
				'  Progressing    True    NewReplicaSetAvailable',
				'OldReplicaSets:  <none>',
				'NewReplicaSet:   productpage-v1-87d54dd59 (1/1 replicas created)',
				'Events:          <none>'
			)
		);
	});

	it('namespace', async () => {
		expect((await kubectl('describe ns istio-system')).stdout).toBe(
			lines(
				'Name:         istio-system',
				'Labels:       kubernetes.io/metadata.name=istio-system',
				'Annotations:  <none>',
				'Status:       Active',
				'',
				'No resource quota.',
				'',
				'No LimitRange resource.'
			)
		);
	});

	it('other kinds use the generic describer with smart labels', async () => {
		const r = await kubectl('describe rs productpage-v1-87d54dd59');
		expect(r.stdout).toContain(
			'API Version:  apps/v1\nKind:         ReplicaSet\nMetadata:\n  Creation Timestamp:  2026-01-01T00:00:00Z\n'
		);
		expect(r.stdout).toContain(
			'Spec:\n  Replicas:  1\n  Selector:\n    Match Labels:\n      App:  productpage\n'
		);
	});

	it('describe all pods, separated by two blank lines (kubectl prints "\\n\\n" between outputs)', async () => {
		const r = await kubectl('describe pods');
		const names = r.stdout.split('\n').filter((l) => l.startsWith('Name:'));
		expect(names).toEqual([
			'Name:             details-v1-cf74bb974-nw94k',
			'Name:             productpage-v1-87d54dd59-wl7qf'
		]);
		expect(r.stdout).toMatch(/\nEvents: +<none>\n\n\nName: +productpage/);
	});

	it('--show-events=false drops the Events block', async () => {
		const r = await kubectl('describe svc productpage --show-events=false');
		expect(r.stdout.endsWith('Internal Traffic Policy:  Cluster\n')).toBe(true);
	});

	it.each([
		['describe pod nope', 'Error from server (NotFound): pods "nope" not found\n', 1],
		['describe pods -n empty', 'No resources found in empty namespace.\n', 0],
		['describe bogus x', 'error: the server doesn\'t have a resource type "bogus"\n', 1],
		[
			'describe pods --bogus',
			"error: unknown flag: --bogus\nSee 'kubectl describe --help' for usage.\n",
			1
		]
	])('%s', async (args, stderr, code) => {
		const r = await kubectl(args);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(code);
	});
});
