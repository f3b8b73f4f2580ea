/**
 * Finds resource names in the terminal's text so they can be clicked open in the editor:
 * `TYPE/NAME` as kubectl prints it (`deployment.apps/reviews-v1 created`, `pod/curl-…`), and the
 * NAME cell of a `kubectl get TYPE` table (with the NAMESPACE cell when there is one). Pure: it
 * reads rows of text, so Node tests cover it; `link-provider.ts` plugs it into xterm.
 */

export interface ResourceLink {
	/** First column (0-based) and one past the last. */
	readonly start: number;
	readonly end: number;
	/** What `kubectl get` takes: `pod/curl-5b…`, `deployment.apps/reviews-v1`, `svc/productpage`. */
	readonly ref: string;
	readonly namespace: string | undefined;
}

/** Types kubectl prints or learners type before a slash (singular, short, plural). */
const KINDS = new Set([
	'pod',
	'pods',
	'po',
	'service',
	'services',
	'svc',
	'deployment',
	'deployments',
	'deploy',
	'replicaset',
	'replicasets',
	'rs',
	'daemonset',
	'daemonsets',
	'ds',
	'statefulset',
	'statefulsets',
	'sts',
	'namespace',
	'namespaces',
	'ns',
	'serviceaccount',
	'serviceaccounts',
	'sa',
	'configmap',
	'configmaps',
	'cm',
	'node',
	'nodes',
	'no',
	'endpoints',
	'ep',
	'secret',
	'secrets',
	'authorizationpolicy',
	'authorizationpolicies',
	'ap',
	'peerauthentication',
	'peerauthentications',
	'pa',
	'virtualservice',
	'virtualservices',
	'vs',
	'destinationrule',
	'destinationrules',
	'dr',
	'gateway',
	'gateways',
	'gw',
	'httproute',
	'httproutes'
]);

const TYPE_NAME =
	/(?<![\w./-])([a-z][a-z0-9-]*)((?:\.[a-z0-9-]+)+)?\/([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)(?![\w/-])/g;
const PROMPT = /^\$ (.*)$/;
const HEADER = /^(NAMESPACE\s+)?NAME(\s{2,}|$)/;

/** `-n X`, `--namespace X`, `--namespace=X`, `-nX` in a command line, if any. */
function namespaceFlag(words: readonly string[]): string | undefined {
	for (let i = 0; i < words.length; i++) {
		const w = words[i] as string;
		if (w === '-n' || w === '--namespace') return words[i + 1];
		if (w.startsWith('--namespace=')) return w.slice('--namespace='.length);
		if (/^-n[a-z0-9]/.test(w)) return w.slice(2);
	}
	return undefined;
}

/** The command line printed above `row` (the closest `$ ` line), as words. */
function commandAbove(lines: readonly string[], row: number): string[] | undefined {
	for (let y = row; y >= 0 && y > row - 2000; y--) {
		const m = PROMPT.exec(lines[y] ?? '');
		if (m) return (m[1] ?? '').trim().split(/\s+/);
	}
	return undefined;
}

function slashLinks(line: string, namespace: string | undefined): ResourceLink[] {
	const links: ResourceLink[] = [];
	for (const m of line.matchAll(TYPE_NAME)) {
		const [all, kind = '', group = ''] = m;
		if (!KINDS.has(kind) && !group) continue;
		const start = m.index;
		links.push({ start, end: start + all.length, ref: all, namespace });
	}
	return links;
}

/** The type a `kubectl get` table lists, if one plain type (`kubectl get pods -n x`). */
function listedType(words: readonly string[]): string | undefined {
	const get = words.indexOf('get');
	if (words[0] !== 'kubectl' || get < 0) return undefined;
	for (let i = get + 1; i < words.length; i++) {
		const w = words[i] as string;
		if (w === '-n' || w === '--namespace' || w === '-l' || w === '-o' || w === '-L') {
			i++;
			continue;
		}
		if (w.startsWith('-')) continue;
		return w.includes(',') || w.includes('/') ? undefined : w;
	}
	return undefined;
}

function tableLink(lines: readonly string[], row: number): ResourceLink | undefined {
	const line = lines[row] ?? '';
	if (line.trim() === '' || PROMPT.test(line) || HEADER.test(line)) return undefined;
	for (let y = row - 1; y >= 0 && y > row - 2000; y--) {
		const above = lines[y] ?? '';
		if (PROMPT.test(above) || above.trim() === '') return undefined;
		const header = HEADER.exec(above);
		if (!header) continue;
		const words = commandAbove(lines, y - 1);
		const type = words && listedType(words);
		if (!words || !type) return undefined;
		const cells = [...line.matchAll(/\S+/g)];
		const withNs = header[1] !== undefined;
		const nameCell = cells[withNs ? 1 : 0];
		if (!nameCell || (withNs && !cells[0])) return undefined;
		const namespace = withNs ? cells[0]?.[0] : namespaceFlag(words);
		return {
			start: nameCell.index,
			end: nameCell.index + nameCell[0].length,
			ref: `${type}/${nameCell[0]}`,
			namespace
		};
	}
	return undefined;
}

/** Links on row `row` of `lines` (rows of terminal text, top to bottom). */
export function resourceLinks(lines: readonly string[], row: number): ResourceLink[] {
	const line = lines[row] ?? '';
	if (PROMPT.test(line)) return [];
	const words = commandAbove(lines, row - 1);
	const fromSlash = slashLinks(line, words ? namespaceFlag(words) : undefined);
	if (fromSlash.length > 0) return fromSlash;
	const cell = tableLink(lines, row);
	return cell ? [cell] : [];
}
