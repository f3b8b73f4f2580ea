/**
 * Random command lines for the shell fuzzer: kubectl with plausible and broken verbs, types,
 * names, selectors, JSONPath and output formats; builtins with bad flags; shell syntax garbage;
 * and mutations of commands a learner really types. Everything is drawn from a seeded Prng.
 *
 * Deliberately left out: replica counts above a few dozen. A large scale-up no longer holds the
 * page (test/redteam/scale-burst.test.ts), but the thousands of pods it leaves behind would make
 * every later input of the campaign slower. No input contains the words `undefined` or `NaN`, so seeing them
 * in the output means the program printed a missing value.
 */
import type { Prng } from './prng.ts';
import { junk, mutateText, SPECIAL } from './text-mutations.ts';

export type CommandKind = 'kubectl' | 'builtin' | 'syntax' | 'mutated' | 'huge' | 'exec';

export interface GeneratedCommand {
	readonly kind: CommandKind;
	readonly source: string;
}

const VERBS = [
	'get',
	'describe',
	'delete',
	'apply',
	'create',
	'label',
	'annotate',
	'logs',
	'scale',
	'rollout',
	'wait',
	'config',
	'version',
	'cluster-info',
	'api-resources',
	'help',
	'explain',
	'gett',
	'delet',
	'edit',
	'patch',
	'port-forward',
	'GET',
	''
];

const TYPES = [
	'pods',
	'po',
	'pod',
	'deploy',
	'deployments.apps',
	'deployment.v1.apps',
	'rs',
	'replicasets',
	'svc',
	'services',
	'ep',
	'endpoints',
	'ns',
	'namespaces',
	'no',
	'nodes',
	'sa',
	'serviceaccounts',
	'cm',
	'configmaps',
	'secrets',
	'ds',
	'crd',
	'customresourcedefinitions',
	'events',
	'all',
	'gateways',
	'gtw',
	'virtualservices',
	'authorizationpolicies',
	'pods,svc',
	'deploy,rs,po',
	'pods,',
	',',
	'pods.',
	'.apps',
	'pods.bogus',
	'foo',
	'Pods',
	'POD'
];

const NAMES = [
	'productpage-v1',
	'details-v1',
	'ratings-v1',
	'reviews-v1',
	'reviews-v2',
	'reviews-v3',
	'productpage',
	'details',
	'reviews',
	'ratings',
	'curl',
	'default',
	'kube-system',
	'istio-system',
	'ambient-worker',
	'ambient-worker2',
	'kubernetes',
	'missing',
	'a',
	'-',
	'--',
	'UPPER',
	'with space',
	'dots.in.name',
	'trailing-',
	'-leading',
	'a'.repeat(64),
	'a'.repeat(254),
	'ünïcode',
	'💥',
	'x/y',
	'../..',
	'*',
	''
];

const SLASHED = [
	'deploy/productpage-v1',
	'deployment/curl',
	'deployments.apps/reviews-v1',
	'pod/missing',
	'svc/productpage',
	'rs/x',
	'ns/default',
	'node/ambient-worker',
	'deploy/',
	'/curl',
	'deploy//curl',
	'bogus/thing',
	'pods/a/b'
];

const NAMESPACES = ['default', 'kube-system', 'istio-system', 'missing', 'UPPER', '', '-', 'a b'];

const SELECTORS = [
	'app=productpage',
	'app=reviews,version!=v2',
	'app in (reviews,ratings)',
	'app notin (reviews)',
	'!app',
	'app',
	'app=',
	'=x',
	'app in (a,b',
	'app in a,b)',
	'app notin ()',
	'!',
	'app!=',
	'a==b==c',
	',,,',
	'a=b c=d',
	'x/y/z=1',
	'k'.repeat(300) + '=v',
	'ключ=значение',
	'app=@@@',
	'app=(',
	'version in (v1,v2),app',
	' ',
	'a=b,'
];

const FIELD_SELECTORS = [
	'metadata.name=curl',
	'metadata.namespace!=default',
	'status.phase=Running',
	'spec.nodeName=ambient-worker',
	'status.phase',
	'foo=bar',
	'=',
	'metadata.name==x,,',
	'metadata.name=x,metadata.name!=x',
	'spec.nodeName=',
	'!metadata.name'
];

const JSONPATHS = [
	'{.items[*].metadata.name}',
	'{range .items[*]}{.metadata.name}{"\\n"}{end}',
	'{',
	'}',
	'{.items[*}',
	'{.items[}',
	'{range .items[*]}',
	'{end}',
	'{.items[-1:]}',
	'{.items[::-1]}',
	'{.items[0:0:0]}',
	'{.items[99999999999999999999]}',
	'{.items[?(@.metadata.name==)]}',
	'{.items[?(@.metadata.name=="curl")].status}',
	'{.items[?(@.x ~= 1)]}',
	'{..name}',
	'{..}',
	'{.}',
	'{$}',
	'{@}',
	'{.a.b.c.d}',
	'{.items[*].spec.containers[*].ports[*].containerPort}',
	'{.items[0].metadata.labels.app\\.kubernetes\\.io/name}',
	'{.metadata.labels["app"]}',
	'{"unterminated}',
	"{'single'}",
	'{.items[*].metadata.name}{.items[*',
	'{{.metadata.name}}',
	'{range}{end}{end}',
	'{.items[*]}'.repeat(30),
	'{[*][*][*]}',
	'{.items[a:b]}',
	'{.items[1:2:3:4]}',
	'{.items.length}'
];

const OUTPUTS = [
	'yaml',
	'json',
	'wide',
	'name',
	'xml',
	'',
	'=',
	'jsonpath=',
	'jsonpath-as-json={.items}',
	'go-template={{.metadata.name}}',
	'go-template-file=/nope',
	'custom-columns=NAME:.metadata.name,NS:.metadata.namespace',
	'custom-columns=:',
	'custom-columns=A',
	'custom-columns=NAME:.metadata.name:extra',
	'custom-columns=N:{.items',
	'custom-columns-file=/nope',
	'jsonpath-file=/etc/passwd',
	'wide,json',
	'YAML',
	'json '
];

const DURATIONS = ['1s', '0', '-1s', '30', 'abc', '1h', '99999h', '1.5m', '', '10ms', '1y'];

const REPLICAS = ['0', '1', '3', '-1', '-0', 'abc', '', '1.5', '0x10', '9'.repeat(30)];

const CONDITIONS = [
	'condition=Ready',
	'condition=Available',
	'condition=available=false',
	'delete',
	'jsonpath={.status.phase}=Running',
	'jsonpath={.status.phase',
	'condition=',
	'=',
	'create',
	'bogus'
];

/** Flags for any verb: the right ones, the wrong ones and broken spellings. */
function randomFlag(rng: Prng): string[] {
	switch (rng.int(24)) {
		case 0:
			return ['-n', rng.pick(NAMESPACES)];
		case 1:
			return [`--namespace=${rng.pick(NAMESPACES)}`];
		case 2:
			return ['-A'];
		case 3:
			return ['-l', rng.pick(SELECTORS)];
		case 4:
			return [`--selector=${rng.pick(SELECTORS)}`];
		case 5:
			return ['-o', rng.pick(OUTPUTS)];
		case 6:
			return [`-ojsonpath=${rng.pick(JSONPATHS)}`];
		case 7:
			return ['-o', `jsonpath=${rng.pick(JSONPATHS)}`];
		case 8:
			return [`--field-selector=${rng.pick(FIELD_SELECTORS)}`];
		case 9:
			return [`--replicas=${rng.pick(REPLICAS)}`];
		case 10:
			return [`--timeout=${rng.pick(DURATIONS)}`];
		case 11:
			return [`--for=${rng.pick(CONDITIONS)}`];
		case 12:
			return [
				rng.pick(['--all', '--overwrite', '--show-labels', '--no-headers', '--ignore-not-found'])
			];
		case 13:
			return [`--dry-run=${rng.pick(['client', 'server', 'none', 'bogus', ''])}`];
		case 14:
			return ['-c', rng.pick(['productpage', 'curl', 'istio-proxy', 'missing', ''])];
		case 15:
			return [`--tail=${rng.pick(['1', '-1', 'x', '0', '99999999999999999999'])}`];
		case 16:
			return [
				'-f',
				rng.pick(['-', 'samples/curl/curl.yaml', 'samples', 'nope.yaml', '/', 'http://x/y'])
			];
		case 17:
			return [rng.pick(['--bogus', '-Z', '---', '-', '--=', '--namespace', '-n', '-o', '-l', '-'])];
		case 18:
			return [
				`--sort-by=${rng.pick(['.metadata.name', '{.metadata.name}', '.x[', '', '.status.phase'])}`
			];
		case 19:
			return ['-L', rng.pick(['app', 'version,app', '', '!', 'a=b'])];
		case 20:
			return [
				`--grace-period=${rng.pick(['0', '-1', 'x', '5'])}`,
				rng.pick(['--force', '--now', ''])
			];
		case 21:
			return [`--cascade=${rng.pick(['background', 'orphan', 'foreground', 'bogus', ''])}`];
		case 22:
			return [`--chunk-size=${rng.pick(['0', '-5', 'x', '500'])}`];
		default:
			return [`--${junk(rng, rng.range(1, 6), ['a', 'b', '-', '=', 'o', 'n'])}`];
	}
}

/** A label or annotation argument: `k=v`, `k-`, or broken ones. */
function randomLabelArg(rng: Prng): string {
	return rng.pick([
		'tier=frontend',
		'version=v9',
		'app-',
		'app=',
		'=x',
		'k=v=w',
		'Bad Key=1',
		'example.com/owner=me',
		'a/b/c=1',
		`k=${'v'.repeat(100)}`,
		`${'k'.repeat(100)}=v`,
		'-',
		'k=v k2=v2',
		'ключ=значение'
	]);
}

/** Subcommands that take their own words. */
const SUBCOMMANDS: Record<string, readonly string[]> = {
	rollout: ['status', 'restart', 'history', 'undo', 'pause', 'bogus', ''],
	config: [
		'view',
		'current-context',
		'get-contexts',
		'use-context',
		'set-context',
		'get-clusters',
		'bogus'
	],
	create: [
		'deployment',
		'deploy',
		'namespace',
		'ns',
		'configmap',
		'service',
		'serviceaccount',
		'secret',
		'bogus',
		'-f'
	],
	'api-resources': ['--namespaced=true', '--namespaced=maybe', '-o', 'wide']
};

/** The flags each verb really takes (from its FLAGS table), so fuzzing gets past flag parsing. */
const VERB_FLAGS: Record<string, readonly string[]> = {
	get: [
		'-o',
		'-A',
		'-l',
		'--field-selector',
		'--show-labels',
		'-L',
		'--no-headers',
		'--show-kind',
		'--sort-by',
		'--ignore-not-found',
		'--chunk-size'
	],
	describe: ['-A', '-l', '--show-events'],
	delete: [
		'-f',
		'-l',
		'--all',
		'-A',
		'--ignore-not-found',
		'-o',
		'--grace-period',
		'--force',
		'--now',
		'--wait',
		'--timeout',
		'--cascade',
		'--dry-run'
	],
	create: [
		'-f',
		'--image',
		'--replicas',
		'--port',
		'--dry-run',
		'-o',
		'--save-config',
		'--validate'
	],
	label: [
		'--overwrite',
		'--all',
		'-A',
		'-l',
		'-f',
		'-o',
		'--dry-run',
		'--list',
		'--local',
		'--resource-version'
	],
	annotate: [
		'--overwrite',
		'--all',
		'-A',
		'-l',
		'-f',
		'-o',
		'--dry-run',
		'--list',
		'--local',
		'--resource-version'
	],
	logs: [
		'-c',
		'--tail',
		'-l',
		'--all-containers',
		'-f',
		'-p',
		'--prefix',
		'--timestamps',
		'--since',
		'--max-log-requests',
		'--ignore-errors',
		'-q'
	],
	scale: [
		'--replicas',
		'--current-replicas',
		'--resource-version',
		'-l',
		'--all',
		'-f',
		'-o',
		'--timeout',
		'--dry-run'
	],
	rollout: ['-l', '--timeout', '-w', '--revision', '-f', '-o'],
	wait: ['--for', '--timeout', '-l', '--all', '-A', '-f', '-o', '--local'],
	apply: [
		'-f',
		'--server-side',
		'--force-conflicts',
		'--dry-run',
		'-o',
		'-l',
		'--validate',
		'-R',
		'--prune'
	]
};

/** A value for a flag the verb knows: often right, often wrong. */
function flagValue(rng: Prng, flag: string): string[] {
	const bare = (): string[] => [flag];
	switch (flag) {
		case '-o':
			return rng.chance(0.4)
				? [`-o`, `jsonpath=${rng.pick(JSONPATHS)}`]
				: ['-o', rng.pick(OUTPUTS)];
		case '-l':
			return ['-l', rng.pick(SELECTORS)];
		case '--field-selector':
			return [`${flag}=${rng.pick(FIELD_SELECTORS)}`];
		case '-L':
			return ['-L', rng.pick(['app', 'version,app', '', '!', 'a=b'])];
		case '--sort-by':
			return [
				`${flag}=${rng.pick(['.metadata.name', '{.metadata.name}', '.x[', '', '.status.phase', '.metadata.creationTimestamp'])}`
			];
		case '--chunk-size':
		case '--grace-period':
		case '--tail':
		case '--revision':
		case '--max-log-requests':
		case '--port':
			return [`${flag}=${rng.pick(['0', '-1', 'x', '5', '1', '99999999999999999999', ''])}`];
		case '--replicas':
		case '--current-replicas':
			return [`${flag}=${rng.pick(REPLICAS)}`];
		case '--timeout':
		case '--since':
			return [`${flag}=${rng.pick(DURATIONS)}`];
		case '--cascade':
			return [`${flag}=${rng.pick(['background', 'orphan', 'foreground', 'bogus', '', 'true'])}`];
		case '--dry-run':
			return [`${flag}=${rng.pick(['client', 'server', 'none', 'bogus', ''])}`];
		case '--validate':
			return [`${flag}=${rng.pick(['true', 'false', 'strict', 'warn', 'ignore', 'bogus'])}`];
		case '--for':
			return [`${flag}=${rng.pick(CONDITIONS)}`];
		case '-f':
			return [
				'-f',
				rng.pick([
					'-',
					'samples/curl/curl.yaml',
					'samples/httpbin/httpbin.yaml',
					'samples',
					'nope.yaml',
					'/',
					'http://x/y',
					'.'
				])
			];
		case '-c':
			return ['-c', rng.pick(['productpage', 'curl', 'istio-proxy', 'missing', ''])];
		case '--image':
			return [
				`${flag}=${rng.pick(['nginx', 'docker.io/curlimages/curl', '', ':bad', 'a b', 'UPPER:1'])}`
			];
		case '--resource-version':
			return [`${flag}=${rng.pick(['1', '0', 'abc', ''])}`];
		default:
			return rng.chance(0.9) ? bare() : [`${flag}=${rng.pick(['true', 'false', 'maybe', ''])}`];
	}
}

/** Positional words for a verb: types, names, TYPE/NAME, label changes. */
function positional(rng: Prng, verb: string): string {
	if ((verb === 'label' || verb === 'annotate') && rng.chance(0.5)) return randomLabelArg(rng);
	if (verb === 'create' && rng.chance(0.3)) return rng.pick(NAMES);
	return rng.weighted<() => string>([
		[3, () => rng.pick(TYPES)],
		[2, () => rng.pick(NAMES)],
		[2, () => rng.pick(SLASHED)],
		[1, () => randomLabelArg(rng)]
	])();
}

function kubectlLine(rng: Prng): string {
	const words: string[] = ['kubectl'];
	if (rng.chance(0.1)) words.push(...randomFlag(rng));
	const known = Object.keys(VERB_FLAGS);
	const verb = rng.chance(0.8) ? rng.pick(known) : rng.pick(VERBS);
	words.push(verb);
	const sub = SUBCOMMANDS[verb];
	if (sub && rng.chance(0.9)) words.push(rng.pick(sub));
	const args = rng.weighted([
		[1, 0],
		[3, 1],
		[3, 2],
		[1, 3]
	]);
	for (let i = 0; i < args; i++) words.push(positional(rng, verb));
	const own = VERB_FLAGS[verb];
	const flags = rng.range(0, 3);
	for (let i = 0; i < flags; i++)
		words.push(...(own && rng.chance(0.8) ? flagValue(rng, rng.pick(own)) : randomFlag(rng)));
	if (rng.chance(0.3)) words.push('-n', rng.pick(NAMESPACES));
	if (rng.chance(0.05)) words.push('--', rng.pick(['sh', 'ls', 'curl', 'true']));
	return words.map((w) => quote(rng, w)).join(' ');
}

/** Quotes a word the way a learner might (or forgets to). */
function quote(rng: Prng, word: string): string {
	if (word === '') return rng.pick(["''", '""']);
	if (/^[A-Za-z0-9_./:=,@+%-]+$/.test(word) && rng.chance(0.85)) return word;
	if (!word.includes("'")) return `'${word}'`;
	return `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

const BUILTIN_LINES = [
	'echo',
	'echo -e',
	'echo -n',
	'printf',
	'cat',
	'grep',
	'grep -E',
	'grep -v',
	'grep -c',
	'grep -o',
	'head',
	'head -n',
	'head -c',
	'tail',
	'tail -n',
	'tail -f',
	'sort',
	'sort -k',
	'sort -t',
	'uniq',
	'uniq -c',
	'wc',
	'wc -l',
	'tr',
	'tr -d',
	'seq',
	'sleep',
	'cd',
	'pwd',
	'ls',
	'ls -la',
	'export',
	'unset',
	'env',
	'history',
	'help',
	'which',
	'test',
	'[',
	'read',
	'sh -c',
	'bash -c',
	'true',
	'false',
	':',
	'clear',
	'nosuchcommand',
	'curl',
	'istioctl',
	'helm',
	'helm repo add',
	'helm install',
	'helm status',
	'xargs',
	'./script.sh',
	'/bin/ls'
];

const BUILTIN_ARGS = [
	'-Z',
	'--bogus',
	'-',
	'--',
	'-n',
	'-5',
	'-n -5',
	'-n abc',
	'-c 3',
	'99999999999999999999',
	'1e9',
	'0',
	'-0',
	'abc',
	'x y',
	'"%s %d %q"',
	"'%d'",
	"'%5.2f'",
	"'%b'",
	"'\\x'",
	"'\\u12'",
	"'%'",
	"'%*d' 5",
	"'a-z' 'A-Z'",
	"'z-a'",
	"'[:upper:]'",
	"'[:bogus:]'",
	"'['",
	"'('",
	"'a{2,1}'",
	"'\\'",
	"'*'",
	"'+'",
	'-k 9',
	'-k 0',
	'-t',
	'1 2 3 4',
	'1 0 5',
	'5 -1 1',
	'/',
	'/nonexistent',
	'..',
	'~',
	'~nobody',
	'=',
	'A=1',
	'1A=2',
	'-p',
	'-e',
	'-z',
	'-eq',
	'1 -eq',
	'1 -eq x',
	'( )',
	']',
	'samples/curl/curl.yaml',
	'samples',
	'.bashrc'
];

function builtinLine(rng: Prng): string {
	const words = [rng.pick(BUILTIN_LINES)];
	const args = rng.range(0, 3);
	for (let i = 0; i < args; i++) words.push(rng.pick(BUILTIN_ARGS));
	const line = words.join(' ');
	return rng.chance(0.3) ? `${rng.pick(VALID)} | ${line}` : line;
}

/** Fragments that open, close or join shell constructs, mostly in the wrong places. */
const SYNTAX = [
	"'unterminated",
	'"unterminated',
	'`unterminated',
	'|',
	'| |',
	'||',
	'&&',
	';',
	';;',
	'&',
	'$(',
	'$((',
	'$((1/0))',
	'$((2**64))',
	'$((1<<70))',
	'$((x=5))',
	'$(( (( ))',
	'$((--))',
	'$(echo hi)',
	'$(kubectl get pods -o name)',
	'`echo hi`',
	'<<EOF',
	"<<'EOF'",
	'<<-EOF',
	'<<',
	'<<<',
	'<<< word',
	'>',
	'> out.txt',
	'>> out.txt',
	'> /',
	'> /dev/null',
	'2>&1',
	'2>&',
	'>&-',
	'< nope.txt',
	'< samples',
	'{',
	'}',
	'{ echo a; }',
	'(',
	')',
	'( echo a )',
	'if',
	'then',
	'fi',
	'if true; then echo y; fi',
	'if false; then',
	'for x in a b; do echo $x; done',
	'for',
	'do',
	'done',
	'case x in x) echo x;; esac',
	'case',
	'esac',
	'${',
	'${x:-',
	'${x:-default}',
	'${#x}',
	'${#}',
	'${!x}',
	'${x:?gone}',
	'${x/a/b}',
	'${x',
	'$',
	'$$',
	'$?',
	'$@',
	'"$@"',
	'$1',
	'$RANDOM',
	'\\',
	'!',
	'*',
	'~',
	'#',
	'# comment',
	'[[',
	']]',
	'[ -z ]',
	'x=1',
	'x=',
	'export x=1',
	'function f { echo; }',
	'f()',
	'break',
	'continue',
	'return',
	'exit',
	'exit 300',
	'exit abc',
	'set -e',
	'trap',
	'eval',
	'exec',
	'source /dev/null',
	'. nope'
];

function syntaxLine(rng: Prng): string {
	const parts: string[] = [];
	const n = rng.range(1, 5);
	for (let i = 0; i < n; i++)
		parts.push(
			rng.weighted<() => string>([
				[4, () => rng.pick(SYNTAX)],
				[2, () => rng.pick(VALID)],
				[1, () => junk(rng, rng.range(1, 4))]
			])()
		);
	return parts.join(rng.pick([' ', ' ', '', '\n']));
}

/** Commands from the lessons and docs: seeds for mutation and pipeline heads. */
const VALID = [
	'kubectl get pods',
	'kubectl get pods -o wide',
	'kubectl get pods -A',
	'kubectl get deploy,svc',
	'kubectl get svc productpage -o yaml',
	'kubectl get pods -l app=reviews -o name',
	"kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
	'kubectl get nodes --show-labels',
	'kubectl describe deploy productpage-v1',
	'kubectl describe pod -l app=ratings',
	'kubectl get endpoints productpage',
	'kubectl label deploy details-v1 tier=backend --overwrite',
	'kubectl annotate svc ratings note=hi --overwrite',
	'kubectl scale deploy reviews-v1 --replicas=2',
	'kubectl rollout status deploy/reviews-v2',
	'kubectl rollout restart deploy/ratings-v1',
	'kubectl wait --for=condition=Ready pod -l app=productpage --timeout=30s',
	'kubectl logs deploy/productpage-v1',
	'kubectl create namespace fuzz',
	'kubectl create deployment web --image=nginx',
	'kubectl delete deploy web --ignore-not-found',
	'kubectl apply -f samples/httpbin/httpbin.yaml',
	'kubectl delete -f samples/sleep/sleep.yaml --ignore-not-found',
	'kubectl api-resources',
	'kubectl config view',
	'kubectl version',
	'kubectl get pods --field-selector=status.phase=Running',
	'echo hello world',
	'printf "%s\\n" a b c',
	'seq 1 20 | sort -r | head -n 3',
	'cat samples/curl/curl.yaml | grep -c kind',
	'ls samples',
	'history | tail -n 2',
	'export NS=default && kubectl get pods -n $NS',
	'for d in details ratings; do kubectl get deploy $d-v1; done',
	'kubectl get pods -o name | wc -l'
];

/** A rare `kubectl exec … curl`: it drives simulated traffic, so it is slow and kept scarce. */
function execLine(rng: Prng): string {
	const target = rng.pick([
		'deploy/curl',
		'deploy/productpage-v1',
		'deploy/missing',
		'pod/x',
		'curl'
	]);
	const url = rng.pick([
		'productpage:9080/productpage',
		'http://details:9080/details/0',
		'ratings.default:9080/ratings/1',
		'http://nope:1',
		'http://[::1',
		'://',
		'-',
		'productpage:99999',
		`http://reviews:9080/${'a'.repeat(2000)}`
	]);
	const opts = rng.pick([
		'-s',
		'-sS',
		'-v',
		'-I',
		'--max-time 1',
		'-X BOGUS',
		'-H',
		'-o /dev/null -w "%{http_code}"',
		''
	]);
	return `kubectl exec ${target} ${rng.pick(['--', '-c curl --', '-it --', ''])} curl ${opts} ${url}`;
}

function hugeLine(rng: Prng): string {
	const size = rng.pick([10_000, 100_000]);
	switch (rng.int(5)) {
		case 0:
			return `kubectl get pods ${'x'.repeat(size)}`;
		case 1:
			return `echo ${junk(rng, size / 10)}`;
		case 2:
			return `kubectl label deploy curl k=${'v'.repeat(size)}`;
		case 3:
			return Array.from({ length: 200 }, () => rng.pick(VALID.slice(0, 3))).join(' | ');
		default:
			return `kubectl get pods -l ${Array.from({ length: size / 10 }, (_, i) => `k${i}=v`).join(',')}`;
	}
}

/**
 * Mutations can turn `--replicas=2` into `--replicas=2222`: thousands of pods would slow the rest
 * of the campaign (see the header), so counts that fit an int64 are brought back to 2. Larger ones fail flag parsing and stay.
 */
function capReplicas(line: string): string {
	return line.replace(/(replicas(?:=|\s+)['"]?-?)(\d{2,19})(?!\d)/g, '$12');
}

export function generateCommand(rng: Prng): GeneratedCommand {
	const { kind, source } = uncappedCommand(rng);
	return { kind, source: capReplicas(source) };
}

function uncappedCommand(rng: Prng): GeneratedCommand {
	const kind = rng.weighted<CommandKind>([
		[45, 'kubectl'],
		[14, 'builtin'],
		[16, 'syntax'],
		[22, 'mutated'],
		[1, 'huge'],
		[0.6, 'exec']
	]);
	switch (kind) {
		case 'kubectl':
			return { kind, source: maybeMutate(rng, kubectlLine(rng), 0.15) };
		case 'builtin':
			return { kind, source: maybeMutate(rng, builtinLine(rng), 0.1) };
		case 'syntax':
			return { kind, source: syntaxLine(rng) };
		case 'mutated':
			return { kind, source: mutateText(rng, rng.pick(VALID), 4) };
		case 'huge':
			return { kind, source: hugeLine(rng) };
		default:
			return { kind, source: execLine(rng) };
	}
}

function maybeMutate(rng: Prng, line: string, p: number): string {
	return rng.chance(p) ? mutateText(rng, line) : line;
}

/** For tests of the generator itself. */
export const GENERATOR_TABLES = { VERBS, TYPES, SPECIAL, VALID } as const;
