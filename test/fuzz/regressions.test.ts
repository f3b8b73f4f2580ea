/** Inputs the fuzzers once broke kubectl with, and what kubectl answers now. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';
import { snapshotStore } from './harness.ts';

let pg: Playground;

beforeAll(async () => {
	pg = await playground('inprocess', 'bookinfo', 1);
});

afterAll(async () => {
	await pg.cluster.dispose();
});

describe('fuzz regressions', () => {
	it.each([
		{
			name: 'an anchor that contains itself',
			source: 'kubectl apply -f -',
			stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: self, labels: *m}\n',
			code: 1,
			out: '',
			err: "error: error parsing STDIN: error converting YAML to JSON: yaml: anchor 'm' value contains itself\n"
		},
		{
			name: 'a map as metadata.name',
			source: 'kubectl apply --dry-run=client -f -',
			stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {a: 1}\n',
			code: 1,
			out: '',
			err: 'error: unable to decode "STDIN": .metadata.name accessor error: {"a":1} is of the type map[string]interface {}, expected string\n'
		},
		{
			name: 'a number as a label value',
			source: 'kubectl apply -f -',
			stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: 1}}\n',
			code: 1,
			out: '',
			err: 'error: unable to decode "STDIN": .metadata.labels accessor error: contains non-string value in the map under key "a": 1 is of the type int64, expected string\n'
		},
		{
			name: 'a client dry run of an object without a name',
			source: 'kubectl create --dry-run=client -f -',
			stdin: 'apiVersion: v1\nkind: ServiceAccount\n',
			code: 0,
			out: 'serviceaccount/ created (dry run)\n',
			err: ''
		},
		{
			name: 'an int flag beyond int64',
			source: 'kubectl scale deploy reviews-v1 --replicas=99999999999999999999',
			stdin: '',
			code: 1,
			out: '',
			err: 'error: invalid argument "99999999999999999999" for "--replicas" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range\nSee \'kubectl scale --help\' for usage.\n'
		},
		{
			name: 'a replica count beyond int32',
			source: 'kubectl scale deploy ratings-v1 --replicas=2147483648',
			stdin: '',
			code: 1,
			out: '',
			err: 'Error from server (BadRequest): Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32\n'
		},
		{
			name: 'a number as a ConfigMap data value',
			source: 'kubectl apply -f -',
			stdin:
				'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed}\ndata: {k: 1, n: {deep: [1]}}\n',
			code: 1,
			out: '',
			err: 'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n'
		},
		{
			name: 'annotations over 256 KiB',
			source: `kubectl annotate svc details big=${'x'.repeat(300_000)}`,
			stdin: '',
			code: 1,
			out: '',
			err: 'The Service "details" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n'
		},
		{
			name: 'printf with a huge field width',
			source: "printf '%999999999d' 1",
			stdin: '',
			code: 1,
			out: '0',
			err: 'bash: printf: 999999999: field width too large\n'
		},
		{
			// A backtracking matcher needs 2^40 steps here (the test would time out); the NFA needs 41.
			name: 'grep -E with nested quantifiers',
			source: `echo ${'a'.repeat(40)}! | grep -E '(a+)+$'`,
			stdin: '',
			code: 1,
			out: '',
			err: ''
		},
		{
			name: 'grep -o prints leftmost-longest matches, as POSIX says',
			source: `echo 'ab abab' | grep -oE 'a|ab'`,
			stdin: '',
			code: 0,
			out: 'ab\nab\nab\n',
			err: ''
		},
		{
			// Found while writing docs/limits.md: past 100 aliases it said "unknown anchor".
			name: 'an alias bomb is refused for its aliasing, as go-yaml words it',
			source: 'kubectl apply -f -',
			stdin:
				'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a "x"\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
			code: 1,
			out: '',
			err: 'error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n'
		},
		{
			// 100k fuzz run: pod admission read `.volumeMounts` of a null container and threw.
			name: 'a null container is an empty one, as Go decodes it',
			source: 'kubectl apply -f -',
			stdin:
				'apiVersion: v1\nkind: Pod\nmetadata: {name: fuzz-pod}\nspec:\n  containers:\n    - null\n',
			code: 1,
			out: '',
			err: 'The Pod "fuzz-pod" is invalid: \n* spec.containers[0].name: Required value\n* spec.containers[0].image: Required value\n'
		},
		{
			// Found with the one above: accepted, then `kubectl describe` threw on the null mount.
			name: 'a null volume mount is refused for its missing name and mountPath',
			source: 'kubectl apply -f -',
			stdin:
				'apiVersion: v1\nkind: Pod\nmetadata: {name: fuzz-pod}\nspec:\n  containers:\n    - {name: a, image: nginx, volumeMounts: [null]}\n',
			code: 1,
			out: '',
			err: 'The Pod "fuzz-pod" is invalid: \n* spec.containers[0].volumeMounts[0].name: Required value\n* spec.containers[0].volumeMounts[0].mountPath: Required value\n'
		},
		{
			name: 'a null toleration is refused as ValidateTolerations words it',
			source: 'kubectl apply -f -',
			stdin:
				'apiVersion: v1\nkind: Pod\nmetadata: {name: fuzz-pod}\nspec:\n  containers:\n    - {name: a, image: nginx}\n  tolerations: [null]\n',
			code: 1,
			out: '',
			err: 'The Pod "fuzz-pod" is invalid: spec.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"\n'
		},
		{
			name: 'arithmetic beyond 64 bits wraps as in bash',
			source: 'echo $((2**64)) $((2**63)) $((-7/2)) $((9223372036854775807+1))',
			stdin: '',
			code: 0,
			out: '0 -9223372036854775808 -3 -9223372036854775808\n',
			err: ''
		}
	])('$name', async ({ source, stdin, code, out, err }) => {
		const before = snapshotStore(pg);
		let stdout = '';
		let stderr = '';
		const status = await pg.shell.execute(source, {
			stdin,
			stdout: (t) => (stdout += t),
			stderr: (t) => (stderr += t)
		});
		expect({ status, stdout, stderr }).toEqual({ status: code, stdout: out, stderr: err });
		expect(snapshotStore(pg)).toBe(before);
	});
});
