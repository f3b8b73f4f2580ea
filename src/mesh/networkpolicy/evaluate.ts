/**
 * The verdict on one new connection, as kube-network-policies' evaluatePacket gives it
 * (pkg/networkpolicy/controller.go, networkpolicy.go evaluator/evaluateIngress/evaluateEgress/
 * evaluatePorts/evaluateIPBlocks): the source pod's egress policies, then the destination pod's
 * ingress policies. A pod no policy isolates in a direction allows everything that way; an
 * isolated one allows what at least one rule of its policies matches (rules add up).
 */
import { parseCidr, parseIpv4 } from '../api/cidr.ts';
import type {
	PolicyIsolation,
	PolicyPeer,
	PolicyPort,
	PolicyRule,
	PolicyTable
} from '../net/tables.ts';
import type { IpAddr } from '../types.ts';

/** A new connection as the node's POSTROUTING sees it: real source, endpoint after DNAT. */
export interface Flow {
	readonly src: IpAddr;
	readonly dst: IpAddr;
	readonly port: number;
	readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

export type PolicyVerdict =
	| { readonly allowed: true }
	/** Dropped by the policies isolating `pod` in `direction`. */
	| {
			readonly allowed: false;
			readonly direction: 'egress' | 'ingress';
			readonly pod: IpAddr;
			readonly policies: readonly string[];
	  };

const ALLOWED: PolicyVerdict = { allowed: true };

/** evaluateIPBlocks: inside `cidr` and outside every `except`. */
function inBlock(block: { cidr: string; except: readonly string[] }, addr: IpAddr): boolean {
	const value = parseIpv4(addr);
	const cidr = parseCidr(block.cidr);
	if (value === undefined || !cidr || cidr.family !== 4 || !cidr.contains(value)) return false;
	return !block.except.some((e) => {
		const ex = parseCidr(e);
		return ex !== undefined && ex.family === 4 && ex.contains(value);
	});
}

function peerMatches(peer: PolicyPeer, addr: IpAddr): boolean {
	return 'pods' in peer ? peer.pods.includes(addr) : inBlock(peer, addr);
}

/**
 * evaluatePorts: same protocol, and no port (all of them), the port, a port in
 * [port, endPort], or a name the destination pod gives this port.
 */
function portMatches(p: PolicyPort, flow: Flow, table: PolicyTable): boolean {
	if (p.protocol !== flow.protocol) return false;
	if (p.name !== undefined) {
		const named = table.pods[flow.dst]?.namedPorts?.[p.name];
		return named !== undefined && named.port === flow.port && named.protocol === flow.protocol;
	}
	if (p.port === undefined) return true;
	if (flow.port === p.port) return true;
	return p.endPort !== undefined && flow.port > p.port && flow.port <= p.endPort;
}

function ruleMatches(rule: PolicyRule, flow: Flow, peer: IpAddr, table: PolicyTable): boolean {
	if (rule.ports && !rule.ports.some((p) => portMatches(p, flow, table))) return false;
	return !rule.peers || rule.peers.some((p) => peerMatches(p, peer));
}

function allows(iso: PolicyIsolation, flow: Flow, peer: IpAddr, table: PolicyTable): boolean {
	return iso.rules.some((rule) => ruleMatches(rule, flow, peer, table));
}

export function evaluate(table: PolicyTable, flow: Flow): PolicyVerdict {
	const egress = table.pods[flow.src]?.egress;
	if (egress && !allows(egress, flow, flow.dst, table))
		return { allowed: false, direction: 'egress', pod: flow.src, policies: egress.policies };
	const ingress = table.pods[flow.dst]?.ingress;
	if (ingress && !allows(ingress, flow, flow.src, table))
		return { allowed: false, direction: 'ingress', pod: flow.dst, policies: ingress.policies };
	return ALLOWED;
}
