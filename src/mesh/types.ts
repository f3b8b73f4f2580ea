/**
 * Branded primitives shared by the whole simulation core. A brand stops a sim-time value being
 * passed where wall time (or a plain number) is expected, and an IP where a name is.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Simulated milliseconds: what `curl -w %{time_total}`, AGE columns and latency views show. */
export type SimMillis = Brand<number, 'SimMillis'>;
/** Wall-clock milliseconds: only benchmarks and pacing in the browser use these. */
export type WallMillis = Brand<number, 'WallMillis'>;
/** Dotted-quad IPv4 address, e.g. `10.244.1.5`. */
export type IpAddr = Brand<string, 'IpAddr'>;
export type NodeName = Brand<string, 'NodeName'>;
/** A connection id, unique per runtime: `<hostId>/<n>`. */
export type ConnId = Brand<string, 'ConnId'>;
/** A host is one program on the network: a pod today; a ztunnel, waypoint or istiod later. */
export type HostId = Brand<string, 'HostId'>;

export const ms = (n: number): SimMillis => n as SimMillis;
export const wallMs = (n: number): WallMillis => n as WallMillis;
export const ip = (s: string): IpAddr => s as IpAddr;
export const nodeName = (s: string): NodeName => s as NodeName;
export const hostId = (s: string): HostId => s as HostId;
export const connId = (s: string): ConnId => s as ConnId;

export interface SocketAddr {
	readonly ip: IpAddr;
	readonly port: number;
}

export function formatAddr(a: SocketAddr): string {
	return `${a.ip}:${a.port}`;
}
