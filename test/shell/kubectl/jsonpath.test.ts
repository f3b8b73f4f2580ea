import { describe, expect, it } from 'vitest';
import {
	isJsonPathError,
	parseJsonPath,
	relaxedJsonPath
} from '../../../src/shell/kubectl/jsonpath.ts';

const list = {
	kind: 'List',
	items: [
		{
			metadata: {
				name: 'productpage',
				labels: { app: 'productpage', 'app.kubernetes.io/name': 'pp' }
			},
			spec: { containers: [{ name: 'pp', image: 'pp:1' }], nodeName: 'w1' },
			status: { podIP: '10.244.1.5', conditions: [{ type: 'Ready', status: 'True' }], restarts: 0 }
		},
		{
			metadata: { name: 'curl', labels: { app: 'curl' } },
			spec: {
				containers: [
					{ name: 'curl', image: 'curl:8' },
					{ name: 'side', image: 'side:1' }
				],
				nodeName: 'w2'
			},
			status: { podIP: '10.244.2.7', conditions: [{ type: 'Ready', status: 'False' }], restarts: 3 }
		}
	]
};

describe('kubectl jsonpath', () => {
	const cases: { template: string; expected: string }[] = [
		{ template: '{.items[*].metadata.name}', expected: 'productpage curl' },
		{ template: '{.items[0].status.podIP}', expected: '10.244.1.5' },
		{ template: '{.items[-1].metadata.name}', expected: 'curl' },
		{ template: '{.items[0:1].metadata.name}', expected: 'productpage' },
		{
			template: '{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}',
			expected: 'productpage\t10.244.1.5\ncurl\t10.244.2.7\n'
		},
		{ template: '{.items[?(@.metadata.name=="curl")].status.podIP}', expected: '10.244.2.7' },
		{ template: "{.items[?(@.spec.nodeName!='w1')].metadata.name}", expected: 'curl' },
		{ template: '{.items[?(@.status.restarts>1)].metadata.name}', expected: 'curl' },
		{
			template: '{.items[*].status.conditions[?(@.type=="Ready")].status}',
			expected: 'True False'
		},
		{ template: '{..image}', expected: 'pp:1 curl:8 side:1' },
		{
			template: '{.items[0].metadata.labels}',
			expected: '{"app":"productpage","app.kubernetes.io/name":"pp"}'
		},
		{ template: '{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', expected: 'pp' },
		{ template: "{.items[0].metadata.labels['app.kubernetes.io/name']}", expected: 'pp' },
		{ template: '{.items[1].spec.containers[*].name}', expected: 'curl side' },
		{ template: 'pods: {.items[*].metadata.name}!', expected: 'pods: productpage curl!' },
		{ template: '{.kind} {.items[0].status.restarts}', expected: 'List 0' },
		{ template: '{.missing.field}', expected: '' },
		{
			template: '{range .items[*]}[{range .spec.containers[*]}{.name},{end}]{end}',
			expected: '[pp,][curl,side,]'
		}
	];
	it.each(cases)('$template', ({ template, expected }) => {
		const path = parseJsonPath(template);
		if (isJsonPathError(path)) throw new Error(path.message);
		expect(path.execute(list)).toBe(expected);
	});

	it.each(['{.items[}', '{range .items[*]}{.x}', '{end}', '{.items[?(@.x=="y"]}'])(
		'rejects %s',
		(template) => {
			const path = parseJsonPath(template);
			expect(
				isJsonPathError(path) && path.message.startsWith(`error parsing jsonpath ${template}, `)
			).toBe(true);
		}
	);

	it('relaxed expressions gain braces and a leading dot', () => {
		expect(relaxedJsonPath('.metadata.name')).toBe('{.metadata.name}');
		expect(relaxedJsonPath('metadata.name')).toBe('{.metadata.name}');
		expect(relaxedJsonPath('{.a}')).toBe('{.a}');
	});
});
