import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { formatEndpoints } from '../../../src/shell/kubectl/printers/builtin-columns.ts';
import { formatLabels, formatSelector } from '../../../src/shell/kubectl/printers/cells.ts';
import { humanDuration } from '../../../src/shell/kubectl/printers/duration.ts';
import { smartLabelFor } from '../../../src/shell/kubectl/printers/describe/common.ts';
import { podSummary } from '../../../src/shell/kubectl/printers/pod-columns.ts';
import { formatRows, labelHeader } from '../../../src/shell/kubectl/printers/table.ts';
import { DESCRIBE_TABWRITER, tabwrite } from '../../../src/shell/kubectl/printers/tabwriter.ts';

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
	const s = 1000;
	const cases: [number, string][] = [
		[-3 * s, '<invalid>'],
		[-1 * s, '0s'],
		[5 * s, '5s'],
		[119 * s, '119s'],
		[138 * s, '2m18s'],
		[5 * 60 * s, '5m'],
		[10 * 60 * s, '10m'],
		[179 * 60 * s, '179m'],
		[(3 * 60 + 4) * 60 * s, '3h4m'],
		[7 * 3600 * s, '7h'],
		[24 * 3600 * s, '24h'],
		[51 * 3600 * s, '2d3h'],
		[8 * 24 * 3600 * s, '8d'],
		[800 * 24 * 3600 * s, '2y70d'],
		[3000 * 24 * 3600 * s, '8y']
	];
	it.each(cases)('%i ms → %s', (ms, expected) => expect(humanDuration(ms)).toBe(expected));
});

describe('table layout', () => {
	it('separates columns by three spaces and never pads the last one', () => {
		expect(
			formatRows([
				['NAME', 'READY', 'AGE'],
				['a-long-name', '1/1', '5s']
			])
		).toBe('NAME          READY   AGE\na-long-name   1/1     5s\n');
	});
	it('gives short columns the minimum width of 6', () => {
		expect(
			formatRows([
				['A', 'B'],
				['x', 'y']
			])
		).toBe('A     B\nx     y\n');
	});
	it('describe alignment restarts after a line without tabs', () => {
		const text = 'Name:\tx\nService Account:\ty\nIPs:\n  IP:\t1.2.3.4\nControlled By:\tRS/x\n';
		expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe(
			'Name:             x\nService Account:  y\nIPs:\n  IP:           1.2.3.4\nControlled By:  RS/x\n'
		);
	});
	it.each([
		['istio.io/dataplane-mode', 'DATAPLANE-MODE'],
		['app', 'APP']
	])('label column header of %s is %s', (key, header) => expect(labelHeader(key)).toBe(header));
});

describe('cells', () => {
	it('labels sorted by key, <none> when empty', () => {
		expect(formatLabels({ version: 'v1', app: 'x' })).toBe('app=x,version=v1');
		expect(formatLabels(undefined)).toBe('<none>');
	});
	it('selectors with expressions', () => {
		expect(
			formatSelector({
				matchLabels: { app: 'x' },
				matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }]
			})
		).toBe('app=x,tier in (a,b)');
	});
	it('endpoints: three, then "+ N more..."', () => {
		const ep = {
			apiVersion: 'v1',
			kind: 'Endpoints',
			metadata: { name: 'r', uid: '', resourceVersion: '', creationTimestamp: '' },
			subsets: [
				{
					addresses: ['1', '2', '3', '4', '5'].map((i) => ({ ip: `10.0.0.${i}` })),
					ports: [{ port: 80 }]
				}
			]
		} as KubeObject;
		expect(formatEndpoints(ep)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
	});
	it.each([
		['apiVersion', 'API Version'],
		['matchLabels', 'Match Labels'],
		['uid', 'UID'],
		['app', 'App'],
		['cluster.local/ns', 'cluster.local/ns']
	])('smartLabelFor(%s) = %s', (field, label) => expect(smartLabelFor(field)).toBe(label));
});

describe('pod status column', () => {
	const pod = (status: object, extra: object = {}): KubeObject =>
		({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'p', uid: '', resourceVersion: '', creationTimestamp: '', ...extra },
			spec: { containers: [{ name: 'a', image: 'a' }] },
			status
		}) as KubeObject;
	const cases: { name: string; obj: KubeObject; expected: ReturnType<typeof podSummary> }[] = [
		{
			name: 'running and ready',
			obj: pod({
				phase: 'Running',
				containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }]
			}),
			expected: { ready: '1/1', status: 'Running', restarts: '0' }
		},
		{
			name: 'pending with no statuses',
			obj: pod({ phase: 'Pending' }),
			expected: { ready: '0/1', status: 'Pending', restarts: '0' }
		},
		{
			name: 'image pull error wins over phase',
			obj: pod({
				phase: 'Pending',
				containerStatuses: [
					{
						name: 'a',
						ready: false,
						restartCount: 0,
						state: { waiting: { reason: 'ErrImagePull' } }
					}
				]
			}),
			expected: { ready: '0/1', status: 'ErrImagePull', restarts: '0' }
		},
		{
			name: 'deleting shows Terminating',
			obj: pod(
				{
					phase: 'Running',
					containerStatuses: [{ name: 'a', ready: true, restartCount: 1, state: { running: {} } }]
				},
				{ deletionTimestamp: '2026-01-01T00:00:00Z' }
			),
			expected: { ready: '1/1', status: 'Terminating', restarts: '1' }
		},
		{
			name: 'restart with a last termination time',
			obj: pod({
				phase: 'Running',
				containerStatuses: [
					{
						name: 'a',
						ready: true,
						restartCount: 2,
						state: { running: {} },
						lastState: { terminated: { finishedAt: '2026-01-01T00:00:00Z' } }
					}
				]
			}),
			expected: { ready: '1/1', status: 'Running', restarts: '2 (5m ago)' }
		}
	];
	it.each(cases)('$name', ({ obj, expected }) =>
		expect(podSummary(obj, Date.UTC(2026, 0, 1) + 300_000)).toEqual(expected)
	);
});
