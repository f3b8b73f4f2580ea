/**
 * `istioctl validate -f FILE|DIR|-` (istioctl/pkg/validate/validate.go, 1.30.3): decodes every
 * document strictly, checks Istio kinds (top-level fields, `spec` against the kind's schema, Istio's
 * own rules in validate/rules.ts), Services' port names and Deployments' telemetry labels, and
 * reports the way validateFiles does: `"<file>" is valid`, `validation succeed` for stdin, or
 * cobra's `Error: N error(s) occurred:` with go-multierror's list, exit 1. Like the real command it
 * writes to stderr (cobra's OutOrStderr).
 */
import { loadCrdSchemas, type CrdSchemas } from '../../mesh/api/schemas/index.ts';
import { loadValidationEngine } from '../../mesh/api/validation-engine.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { decodeChunk, splitDocuments } from '../kubectl/manifests.ts';
import { strings, type FlagSpec } from '../kubectl/flags.ts';
import type { Vfs } from '../vfs.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import { pilotKind } from './validate/kinds.ts';
import { istioRules } from './validate/rules.ts';

const DEPLOYMENT_REQUIREMENTS = 'https://istio.io/v1.30/docs/ops/deployment/requirements/';
const PROTOCOL_SELECTION =
	'https://istio.io/v1.30/docs/ops/configuration/traffic-management/protocol-selection/';

const MISSING_FILENAME = `error: you must specify resources by --filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'`;

const VALID_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
/** pkg/config/protocol Parse: the names a port name may start with. */
const PROTOCOLS = new Set([
	'tcp',
	'udp',
	'grpc',
	'grpc-web',
	'http',
	'http_proxy',
	'http2',
	'https',
	'tls',
	'mongo',
	'redis',
	'mysql'
]);

const FLAGS: readonly FlagSpec[] = [
	{
		name: 'filename',
		short: 'f',
		type: 'stringArray',
		typeName: 'strings',
		description: 'Inputs of files to validate'
	},
	// Hidden (MarkHidden) and on by default; accepted and without effect, as in 1.30.3.
	{ name: 'referential', short: 'x', type: 'bool' }
];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown): string => (typeof x === 'string' ? x : '');

interface Findings {
	errors: string[];
	warnings: string[];
}

/** Go's `%q` of a map[string]string: keys sorted, `map["k":"v" …]`. */
function goMap(labels: Record<string, string> | undefined): string {
	const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
	return `map[${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(' ')}]`;
}

/** validateServicePortPrefix: every TCP port named `<protocol>[-suffix]` or with an appProtocol. */
function servicePorts(obj: Obj, name: string, namespace: string): string[] {
	const errors: string[] = [];
	const where = JSON.stringify(`${name}/${namespace}/:`);
	const spec = isObj(obj['spec']) ? obj['spec'] : {};
	for (const port of Array.isArray(spec['ports']) ? spec['ports'] : []) {
		if (!isObj(port)) continue;
		if (text(port['protocol']).toUpperCase() === 'UDP') continue;
		const app = port['appProtocol'];
		if (typeof app === 'string') {
			if (!PROTOCOLS.has(app.toLowerCase()))
				errors.push(
					`service ${where} doesn't follow Istio protocol selection. This is not recommended, See ${PROTOCOL_SELECTION}`
				);
			continue;
		}
		if (typeof port['name'] !== 'string') {
			errors.push(
				`service ${where} has an unnamed port. This is not recommended, See ${DEPLOYMENT_REQUIREMENTS}`
			);
			continue;
		}
		const prefix = port['name'].split('-')[0] as string;
		if (!PROTOCOLS.has(prefix.toLowerCase()))
			errors.push(
				`service ${where} port ${JSON.stringify(port['name'])} does not follow the Istio naming convention. See ${DEPLOYMENT_REQUIREMENTS}`
			);
	}
	return errors;
}

const NAME_LABELS = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];
const REVISION_LABELS = [
	'service.istio.io/canonical-revision',
	'app.kubernetes.io/version',
	'version'
];

/** validateDeploymentLabel: a warning line (not an error) when telemetry labels are missing. */
function deploymentLabels(obj: Obj, name: string, namespace: string): string | undefined {
	const spec = isObj(obj['spec']) ? obj['spec'] : {};
	const template = isObj(spec['template']) ? spec['template'] : {};
	const meta = isObj(template['metadata']) ? template['metadata'] : {};
	const labels = isObj(meta['labels']) ? (meta['labels'] as Record<string, string>) : undefined;
	const has = (keys: string[]): boolean => keys.some((k) => labels?.[k] !== undefined);
	if (has(NAME_LABELS) && has(REVISION_LABELS)) return undefined;
	return `deployment ${JSON.stringify(`${name}/${namespace}:`)} may not provide Istio metrics and telemetry labels: ${goMap(labels)}. See ${DEPLOYMENT_REQUIREMENTS}\n`;
}

/**
 * jsonpb's strict decode of `spec`: the first unknown field. At the top of `spec` it names the
 * kind's message as jsonpb does; deeper, the playground has no proto descriptors and names the
 * field's path instead (README: Simplified).
 */
function protoError(unknown: readonly string[], proto: string): string | undefined {
	const first = unknown[0];
	if (first === undefined) return undefined;
	const at = first.slice('spec.'.length);
	const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf(']'));
	if (cut < 0) return `cannot parse proto message: unknown field "${at}" in ${proto}`;
	const field = at.slice(cut + 1).replace(/^\./, '');
	return `cannot parse proto message: unknown field "${field}" in spec.${at.slice(0, at[cut] === ']' ? cut + 1 : cut)}`;
}

interface Context {
	readonly istioNamespace: string;
	readonly schemas: CrdSchemas;
	readonly engine: Awaited<ReturnType<typeof loadValidationEngine>>;
	/** Lines validateDeploymentLabel writes straight away. */
	readonly notes: string[];
}

/** validateResource for one decoded document: its errors and warnings, unprefixed. */
function validateResource(obj: Obj, ctx: Context): Findings {
	const kind = text(obj['kind']);
	const apiVersion = text(obj['apiVersion']);
	const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
	const name = text(meta['name']);
	const pilot = pilotKind(apiVersion, kind);
	const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
	const schema = pilot ? ctx.schemas[pilot.crd]?.[version] : undefined;
	if (pilot && schema) {
		const spec = isObj(obj['spec']) ? obj['spec'] : {};
		const specSchema = schema.properties?.['spec'];
		const unknown = ctx.engine.unknownFields({ schema }, { spec }, false);
		const decode = protoError(
			unknown.filter((p) => p.startsWith('spec.')),
			pilot.proto
		);
		if (decode) return { errors: [decode], warnings: [] };
		const top = Object.keys(obj)
			.filter((k) => !VALID_FIELDS.has(k))
			.sort()
			.map((k) => `unknown field "${k}"`);
		if (top.length > 0) return { errors: top, warnings: [] };
		// The server's note that CEL rules were skipped after a schema error has no istioctl twin.
		const schemaErrors = ctx.engine
			.validateCustomResource(
				{ ...schema, properties: { spec: specSchema ?? {} } },
				{ spec },
				undefined
			)
			.filter((e) => !e.startsWith('<nil>: Invalid value: "null": some validation rules'));
		const rules = istioRules(kind, name, spec);
		return { errors: [...schemaErrors, ...rules.errors], warnings: rules.warnings };
	}
	const items = kind.endsWith('List') && Array.isArray(obj['items']) ? obj['items'] : [obj];
	const errors: string[] = [];
	for (const item of items) {
		if (!isObj(item)) continue;
		const itemMeta = isObj(item['metadata']) ? item['metadata'] : {};
		const itemName = text(itemMeta['name']);
		const itemNamespace = text(itemMeta['namespace']);
		if (itemNamespace === ctx.istioNamespace) continue;
		if (item['kind'] === 'Service') errors.push(...servicePorts(item, itemName, itemNamespace));
		if (item['kind'] === 'Deployment') {
			const note = deploymentLabels(item, itemName, itemNamespace);
			if (note) ctx.notes.push(note);
		}
	}
	return { errors, warnings: [] };
}

/** validateFile: every document of one stream; a YAML error ends the stream. */
function validateFile(path: string, content: string, ctx: Context): Findings {
	const out: Findings = { errors: [], warnings: [] };
	for (const chunk of splitDocuments(content)) {
		if (chunk.trim() === '') continue;
		for (const decoded of decodeChunk(chunk)) {
			if ('error' in decoded) {
				out.errors.push(
					`failed to decode file ${path}:  error converting YAML to JSON: ${decoded.error}`
				);
				return out;
			}
			const value = decoded.value ?? {};
			if (!isObj(value)) {
				out.errors.push(
					`failed to decode file ${path}:  error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'number'} into Go value of type map[string]interface {}`
				);
				return out;
			}
			const found = validateResource(value, ctx);
			const meta = isObj(value['metadata']) ? value['metadata'] : {};
			const prefix = `${text(value['kind'])}/${text(meta['namespace'])}/${text(meta['name'])}:`;
			out.errors.push(...found.errors.map((e) => `${prefix} ${e}`));
			out.warnings.push(...found.warnings.map((w) => `${prefix} ${w}`));
		}
	}
	return out;
}

/** filepath.Walk: every file under `dir`, lexically, recursing into directories. */
function walk(vfs: Vfs, dir: string): string[] {
	const out: string[] = [];
	for (const entry of vfs.list(dir) ?? []) {
		const path = dir.endsWith('/') ? dir + entry : `${dir}/${entry}`;
		if (vfs.isDirectory(path)) out.push(...walk(vfs, path));
		else if (/\.(json|ya?ml)$/.test(entry)) out.push(path);
	}
	return out;
}

/** warningToString: go-multierror's list with `* ` points, between newlines. */
const warningList = (warnings: readonly string[]): string =>
	`\n\t${warnings.map((w) => `* ${w}`).join('\n\t')}\n`;

/** go-multierror's ListFormatFunc. */
function multiError(errors: readonly string[]): string {
	const head = errors.length === 1 ? '1 error occurred' : `${errors.length} errors occurred`;
	return `${head}:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

async function run(
	argv: readonly string[],
	io: CommandIO,
	cmdCtx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length > 0)
		return fail(io, `unknown command "${flags.positional[0]}" for "istioctl validate"`);
	// pflag's StringSlice: repeated flags and comma-separated values.
	const filenames = strings(flags, 'filename').flatMap((f) => f.split(','));
	if (filenames.length === 0) return fail(io, MISSING_FILENAME);
	const ctx: Context = {
		istioNamespace: istioNamespace(flags),
		schemas: await loadCrdSchemas('istio-1.30.3'),
		engine: await loadValidationEngine(),
		notes: []
	};
	const errors: string[] = [];
	const processed: string[] = [];
	const warningsByFile = new Map<string, string[]>();
	const vfs = cmdCtx.vfs;
	const processFile = (path: string, content: string): void => {
		const found = validateFile(path, content, ctx);
		errors.push(...found.errors);
		if (found.warnings.length > 0) warningsByFile.set(path, found.warnings);
		if (!processed.includes(path)) processed.push(path);
	};
	for (const filename of filenames) {
		if (filename === '-') {
			processFile('-', io.stdin);
			continue;
		}
		if (vfs.isDirectory(filename)) {
			for (const path of walk(vfs, filename)) processFile(path, vfs.read(path) ?? '');
			continue;
		}
		const content = vfs.read(filename);
		if (content === undefined) {
			errors.push(`cannot stat file "${filename}": stat ${filename}: no such file or directory`);
			continue;
		}
		processFile(filename, content);
	}
	// Real istioctl walks a Go map of the files here, so its order varies run to run; we keep the
	// order they were read in. Stdin's report ends the list (the loop's `break`).
	const report = (file: string, valid: boolean): string | undefined => {
		const warnings = warningsByFile.get(file);
		if (file === '-') return warnings ? warningList(warnings) : valid ? 'validation succeed\n' : '';
		if (warnings) return `${JSON.stringify(file)} has warnings: ${warningList(warnings)}\n`;
		return valid ? `${JSON.stringify(file)} is valid\n` : undefined;
	};
	const lines: string[] = [...ctx.notes];
	for (const file of processed) {
		const line = report(file, errors.length === 0);
		if (line !== undefined) lines.push(line);
		if (file === '-' && (errors.length === 0 || warningsByFile.has(file))) break;
	}
	io.stderr(lines.join(''));
	if (errors.length === 0) return 0;
	io.stderr(`Error: ${multiError(errors)}\n`);
	return 1;
}

export const validateCommand: IstioctlCommand = {
	name: 'validate',
	aliases: ['v'],
	summary: 'Validate Istio policy and rules files',
	usage: 'istioctl validate -f FILENAME [options] [flags]',
	// Ends in a newline as validate.go's Example does, so help has the blank line more it has.
	example: `  # Validate bookinfo-gateway.yaml
  istioctl validate -f samples/bookinfo/networking/bookinfo-gateway.yaml

  # Validate bookinfo-gateway.yaml with shorthand syntax
  istioctl v -f samples/bookinfo/networking/bookinfo-gateway.yaml

  # Validate all yaml files under samples/bookinfo/networking directory
  istioctl validate -f samples/bookinfo/networking

  # Validate current deployments under 'default' namespace within the cluster
  kubectl get deployments -o yaml | istioctl validate -f -

  # Validate current services under 'default' namespace within the cluster
  kubectl get services -o yaml | istioctl validate -f -

  # Also see the related command 'istioctl analyze'
  istioctl analyze samples/bookinfo/networking/bookinfo-gateway.yaml
`,
	flags: FLAGS,
	hiddenGlobalFlags: ['kubeconfig'],
	run
};
