/**
 * Which live object a manifest describes (its first document), read without a YAML parser so the
 * page's first bundle stays small: top-level `apiVersion` and `kind`, and `name`/`namespace`
 * under `metadata`. Enough to ask `kubectl get` for the live object to diff against.
 */

export interface ManifestRef {
	readonly apiVersion: string;
	readonly kind: string;
	readonly name: string;
	readonly namespace: string | undefined;
}

const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');

export function manifestRef(text: string): ManifestRef | undefined {
	const fields: Record<string, string> = {};
	let inMetadata = false;
	let metadataIndent = -1;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\s+#.*$/, '').replace(/\r$/, '');
		if (/^---/.test(line) && Object.keys(fields).length > 0) break;
		if (line.trim() === '' || line.trim().startsWith('#')) continue;
		const indent = line.length - line.trimStart().length;
		const m = /^(\s*)([\w.-]+):\s*(.*)$/.exec(line);
		if (!m) continue;
		const [, , key = '', value = ''] = m;
		if (indent === 0) {
			inMetadata = key === 'metadata';
			metadataIndent = -1;
			if (key === 'apiVersion' || key === 'kind') fields[key] = unquote(value);
			continue;
		}
		if (!inMetadata) continue;
		if (metadataIndent < 0) metadataIndent = indent;
		if (indent === metadataIndent && (key === 'name' || key === 'namespace') && value !== '')
			fields[key] = unquote(value);
	}
	const { apiVersion, kind, name, namespace } = fields;
	if (!apiVersion || !kind || !name) return undefined;
	return { apiVersion, kind, name, namespace };
}

/** `kubectl get` argument for the object: `kind.group/name` (`deployment.apps/reviews-v1`). */
export function kubectlRef(ref: ManifestRef): string {
	const slash = ref.apiVersion.indexOf('/');
	const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
	return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

/** Quotes a word for the shell when it needs it (names never do; typed input might). */
export function shellWord(s: string): string {
	return /^[\w./:@=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
