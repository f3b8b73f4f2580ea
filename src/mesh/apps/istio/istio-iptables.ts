/**
 * `istio-iptables` in the proxyv2 image (tools/istio-iptables): what the injected `istio-init`
 * init container runs to install its pod's redirection (`-p` outbound port, `-z` inbound port,
 * `-d` inbound ports left alone), then exits. `istio-validation` runs it with `--run-validation
 * --skip-rule-apply` where istio-cni's plugin applied the rules as the pod's sandbox was made;
 * the simulated CNI chain does not see pod specs, so that one applies the same rules itself
 * first (the one code path, `cni/istio-iptables.ts`) and then reports the validation.
 */
import { installIstioIptables, type PodRedirection } from '../../cni/istio-iptables.ts';
import { goLog } from '../../istio/log.ts';
import { HBONE_PORT } from '../../istio/ports.ts';
import type { ContainerSpec, HostContext } from '../../runtime/host.ts';

/** The flags istio-init's args carry (injection-template.yaml), with their values. */
export interface IptablesArgs {
	readonly rules: PodRedirection;
	/** The `Istio config:` lines (tools/common/config Print) the flags set, in its order. */
	readonly config: readonly string[];
	readonly validate: boolean;
	readonly skipRuleApply: boolean;
}

const portList = (v: string | undefined): number[] =>
	(v ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter((p) => /^\d+$/.test(p))
		.map(Number);

/** Reads `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020 …`. */
export function parseIptablesArgs(args: readonly string[]): IptablesArgs | string {
	const values = new Map<string, string>();
	const bools = new Set<string>();
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		if (a === 'istio-iptables') continue;
		if (a === '--run-validation' || a === '--skip-rule-apply' || a === '--force-apply')
			bools.add(a);
		else if (a.startsWith('--')) continue;
		else if (/^-[a-z]$/.test(a)) values.set(a, args[++i] ?? '');
		else return `unknown argument ${JSON.stringify(a)}`;
	}
	const mode = values.get('-m') ?? 'REDIRECT';
	if (mode !== 'REDIRECT') return `interception mode ${mode} is not simulated (only REDIRECT)`;
	const outboundPort = Number(values.get('-p') ?? '15001');
	const inboundPort = Number(values.get('-z') ?? '15006');
	const uid = values.get('-u') ?? '1337';
	const config = [
		`PROXY_PORT=${outboundPort}`,
		`PROXY_INBOUND_CAPTURE_PORT=${inboundPort}`,
		`PROXY_TUNNEL_PORT=${HBONE_PORT}`,
		`PROXY_UID=${uid}`,
		`PROXY_GID=${uid}`,
		`INBOUND_INTERCEPTION_MODE=${mode}`,
		`INBOUND_PORTS_INCLUDE=${values.get('-b') ?? ''}`,
		`INBOUND_PORTS_EXCLUDE=${values.get('-d') ?? ''}`,
		`OUTBOUND_IP_RANGES_INCLUDE=${values.get('-i') ?? ''}`,
		`OUTBOUND_IP_RANGES_EXCLUDE=${values.get('-x') ?? ''}`
	];
	// istio-iptables always leaves the HBONE port to the proxy itself.
	return {
		config,
		rules: {
			outboundPort,
			inboundPort,
			excludeInboundPorts: [HBONE_PORT, ...portList(values.get('-d'))]
		},
		validate: bools.has('--run-validation'),
		skipRuleApply: bools.has('--skip-rule-apply')
	};
}

/** Runs to completion: resolves once the rules are in place (or validated), throws otherwise. */
export async function runIstioIptables(ctx: HostContext, container: ContainerSpec): Promise<void> {
	const parsed = parseIptablesArgs(container.args ?? []);
	const log = (level: 'info' | 'error', message: string) =>
		goLog(ctx, container.name, level, undefined, message);
	if (typeof parsed === 'string') {
		log('error', parsed);
		throw new Error(parsed);
	}
	// Only the lines its flags set: the rest of the config, the environment and the
	// iptables-restore input are not simulated.
	log('info', `Istio config:\n${parsed.config.join('\n')}\n`);
	// Applied by istio-init, or (see above) on istio-cni's behalf before the validation.
	if (!installIstioIptables(ctx.net, parsed.rules))
		throw new Error('istio-iptables: cannot set up redirection in this network namespace');
	if (parsed.validate) {
		log(
			'info',
			'Starting iptables validation. This check verifies that iptables rules are properly established for the network.'
		);
		log('info', 'Validation passed, iptables rules established');
	}
	await Promise.resolve();
}
