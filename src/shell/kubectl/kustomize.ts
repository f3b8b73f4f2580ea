/**
 * `kubectl kustomize DIR|URL`: the docs' Gateway API boilerplate (istio.io
 * content/en/boilerplates/gateway-api-install-crds.md) builds the release's CRD kustomization
 * from GitHub, `kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0"
 * | kubectl apply -f -`. The two kustomizations Istio's docs name are built from the same CRDs
 * as the release bundles (samples/gateway-api-crds.ts), printed as kustomize does: documents
 * separated by `---`, no comments, in its legacy order (by kind, then name). Any other target is
 * refused with a note: the playground has no git and no kustomize engine.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import {
	GATEWAY_API_EXPERIMENTAL_URL,
	GATEWAY_API_STANDARD_URL,
	fetchRemoteFile
} from '../samples/remote-files.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const REPO = 'github.com/kubernetes-sigs/gateway-api';

/** Kustomization → the release bundle built from it (`make generate` runs the same kustomize). */
const KUSTOMIZATIONS: Readonly<Record<string, string>> = {
	[`${REPO}/config/crd?ref=v1.4.0`]: GATEWAY_API_STANDARD_URL,
	[`${REPO}/config/crd/experimental?ref=v1.5.0`]: GATEWAY_API_EXPERIMENTAL_URL
};

/** kustomize's output of a bundle: its documents without the release's comment headers. */
export function kustomizeOutput(bundle: string): string {
	return bundle
		.split(/^---$/m)
		.map((doc) =>
			doc
				.split('\n')
				.filter((line) => !line.startsWith('#'))
				.join('\n')
				.trim()
		)
		.filter((doc) => doc !== '')
		.map((doc) => `${doc}\n`)
		.join('---\n');
}

function normalize(target: string): string {
	return target.replace(/^https:\/\//, '').replace(/^(github\.com\/[^/]+\/[^/?]+)\.git/, '$1');
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'kustomize', argv, []);
	if (typeof flags === 'number') return flags;
	const [target = '.', ...extra] = flags.positional;
	if (extra.length > 0) {
		io.stderr(`error: specify one path to kustomization.yaml\n`);
		return 1;
	}
	const url = KUSTOMIZATIONS[normalize(target)];
	if (url === undefined) {
		if (
			!target.includes('://') &&
			!target.startsWith('github.com/') &&
			ctx.vfs.isDirectory(target)
		) {
			io.stderr(
				`error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${target}'\n`
			);
			return 1;
		}
		io.stderr(
			`error: Mesh Playground builds only the Gateway API CRD kustomizations Istio's docs use (${Object.keys(KUSTOMIZATIONS).join(', ')}); no other kustomization, local or remote, is simulated\n`
		);
		return 1;
	}
	const bundle = await fetchRemoteFile(url);
	if (bundle === undefined) return 1;
	io.stdout(kustomizeOutput(bundle));
	return 0;
}

export const kustomizeVerb: KubectlVerb = {
	name: 'kustomize',
	summary: 'Build a kustomization target from a directory or URL',
	group: 'Advanced Commands',
	run
};
