/**
 * The simulated internet beyond the kind nodes: a few public hosts, their addresses and the
 * upstream resolver CoreDNS forwards to (`forward . /etc/resolv.conf` in kind's Corefile) for
 * names outside `cluster.local`. Addresses come from the documentation ranges (RFC 5737), so
 * they sit outside the pod (10.244.0.0/16) and service (10.96.0.0/16) CIDRs and are plainly
 * not real. Pods reach them through their node, as kind's docker network NATs them.
 */
import { ip, type IpAddr, type NodeName } from '../types.ts';

export interface ExternalHost {
	/** The public name the upstream resolver answers. */
	readonly name: string;
	readonly ip: IpAddr;
	/** TCP ports a server listens on: HTTP on 80, HTTPS on 443 (apps/https-front.ts). */
	readonly ports: readonly number[];
	/** The program that serves it (apps/internet). */
	readonly site: 'httpbin' | 'example-domain' | 'github-raw';
}

export const EXTERNAL_HOSTS: readonly ExternalHost[] = [
	{ name: 'httpbin.org', ip: ip('203.0.113.10'), ports: [80, 443], site: 'httpbin' },
	{ name: 'example.com', ip: ip('203.0.113.20'), ports: [80, 443], site: 'example-domain' },
	{
		name: 'raw.githubusercontent.com',
		ip: ip('203.0.113.30'),
		ports: [80, 443],
		site: 'github-raw'
	}
];

/** Where external hosts "run": not a node of the cluster (captures and traces say so). */
export const INTERNET = 'internet' as NodeName;

const BY_NAME = new Map(EXTERNAL_HOSTS.map((h) => [h.name, h]));
const BY_IP = new Map<string, ExternalHost>(EXTERNAL_HOSTS.map((h) => [h.ip, h]));

/** The upstream resolver: a public name's address, or undefined (NXDOMAIN). */
export function upstreamLookup(name: string): IpAddr | undefined {
	return BY_NAME.get(name.toLowerCase().replace(/\.$/, ''))?.ip;
}

/** The external host at `address`, if any (for captures, traces and the topology). */
export function externalHostAt(address: string): ExternalHost | undefined {
	return BY_IP.get(address);
}
