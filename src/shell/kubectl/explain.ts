/**
 * `kubectl explain TYPE[.FIELD…]`: kubectl/pkg/cmd/explain/explain.go (v0.34) over the server's
 * OpenAPI v3 documents (`mesh/api/openapi.ts`), rendered as pkg/explain/v2's plaintext template
 * (`explain-render.ts`); `--output plaintext-openapiv2` renders pkg/explain's older model printer
 * (`explain-openapiv2.ts`).
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import { openApiDocument } from '../../mesh/api/openapi.ts';
import { parseApiVersion } from '../../mesh/api/registry.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from './flags.ts';
import { renderExplainV2 } from './explain-openapiv2.ts';
import { ExplainError, renderExplain } from './explain-render.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'recursive', type: 'bool' },
	{ name: 'api-version', type: 'string' },
	{ name: 'output', short: 'o', type: 'string' }
] as const;

const SUGGEST = 'Use "kubectl api-resources" for a complete list of supported resources.';

const HELP = `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]

 Information about each field is retrieved from the server in OpenAPI format.

${SUGGEST}

Examples:
  # Get the documentation of the resource and its fields
  kubectl explain pods
  
  # Get all the fields in the resource
  kubectl explain pods --recursive
  
  # Get the explanation for deployment in supported api versions
  kubectl explain deployments --api-version=apps/v1
  
  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers
  
  # Get the documentation of resources in different format
  kubectl explain deployment --output=plaintext-openapiv2

Options:
    --api-version='':
        Get different explanations for particular API version (API group/version)

    -o, --output='plaintext':
        Format in which to render the schema (plaintext, plaintext-openapiv2)

    --recursive=false:
        Print the fields of fields (Currently only 1 level deep)

Usage:
  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const gvrString = (group: string, version: string, plural: string): string =>
	`${group}/${version}, Resource=${plural}`;

/**
 * `SplitAndParseResourceRequestWithMatchingPrefix`: `deployments.apps.spec` names the resource
 * with its group; otherwise the first segment is the resource and the rest are fields.
 */
function splitRequest(
	input: string,
	resolve: (typed: string) => ResourceType | undefined,
	matchGroup: boolean
): { type: ResourceType; fields: string[] } | string {
	const trimmed = input.endsWith('.') ? input.slice(0, -1) : input;
	const parts = trimmed.split('.');
	if (parts.some((p) => p === ''))
		return 'error: invalid jsonpath syntax, first node must be field node';
	const resource = parts[0] as string;
	const type = resolve(resource);
	if (!type) return `the server doesn't have a resource type "${resource}"`;
	const groupResource = type.group ? `${type.plural}.${type.group}` : type.plural;
	if (
		matchGroup &&
		type.group &&
		(trimmed === groupResource || trimmed.startsWith(groupResource + '.'))
	)
		return { type, fields: trimmed.slice(groupResource.length).split('.').slice(1) };
	return { type, fields: parts.slice(1) };
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'explain', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (bool(flags, 'help')) {
		io.stdout(HELP);
		return 0;
	}
	const fail = (message: string): number => {
		io.stderr(message.endsWith('\n') ? message : message + '\n');
		return 1;
	};
	const args = flags.positional;
	if (args.length === 0)
		return fail(`error: You must specify the type of resource to explain. ${SUGGEST}\n`);
	if (args.length > 1) return fail('error: We accept only this format: explain RESOURCE\n');
	const apiVersion = str(flags, 'api-version') ?? '';
	const output = str(flags, 'output') ?? 'plaintext';

	const api = ctx.cluster.api;
	const split = splitRequest(args[0] as string, (t) => api.resolve(t), apiVersion === '');
	if (typeof split === 'string') return fail(split);
	const { type, fields } = split;
	if (output !== 'plaintext' && output !== 'plaintext-openapiv2')
		return fail(`error: unrecognized format: ${output}`);

	let { group, version } = type;
	if (apiVersion !== '') {
		const gv = parseApiVersion(apiVersion);
		if (gv.version === '' || gv.version.includes('/'))
			return fail(`error: unexpected GroupVersion string: ${apiVersion}`);
		({ group, version } = gv);
	}
	const doc = await openApiDocument(api, group, version);
	if (!doc)
		return fail(`error: couldn't find resource for "${gvrString(group, version, type.plural)}"`);
	try {
		const target = { group, version, kind: type.kind, gvr: gvrString(group, version, type.plural) };
		const render = output === 'plaintext' ? renderExplain : renderExplainV2;
		io.stdout(render(doc, target, fields, bool(flags, 'recursive')));
		return 0;
	} catch (e) {
		if (e instanceof ExplainError) return fail(e.message);
		throw e;
	}
}

export const explainVerb: KubectlVerb = {
	name: 'explain',
	flags: FLAGS,
	summary: 'Get documentation for a resource',
	group: 'Basic Commands (Intermediate)',
	run
};
