/**
 * The iptables package of Istio's base image (gcr.io/istio-release/base: Ubuntu 24.04, iptables
 * 1.8.10 on nf_tables): `iptables-save` and `ip6tables-save` run; the rule editors and listers
 * say plainly that they are not simulated rather than pretend.
 */
import type { Binary } from '../runtime/host.ts';
import { ip6tablesSave, iptablesSave } from './iptables-save.ts';

const notSimulated =
	(name: string): Binary =>
	async (_argv, io) => {
		io.stderr(
			`${name}: not simulated in the playground: run ${name.startsWith('ip6') ? 'ip6tables-save' : 'iptables-save'} to see the rules\n`
		);
		return 2;
	};

export const iptablesUserland: Readonly<Record<string, Binary>> = {
	'iptables-save': iptablesSave,
	'ip6tables-save': ip6tablesSave,
	iptables: notSimulated('iptables'),
	ip6tables: notSimulated('ip6tables'),
	'iptables-restore': notSimulated('iptables-restore'),
	'ip6tables-restore': notSimulated('ip6tables-restore')
};
