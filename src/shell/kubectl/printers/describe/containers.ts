/**
 * describeContainers and describeVolumes (kubectl/pkg/describe/describe.go), shared by the Pod
 * describer (with statuses) and Pod Template blocks of Deployments (without).
 */
import type { Container, ContainerStatus } from '../../../../mesh/api/objects.ts';
import { rfc1123z } from '../duration.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.ts';

type State = {
	running?: { startedAt?: string };
	waiting?: { reason?: string; message?: string };
	terminated?: {
		reason?: string;
		message?: string;
		exitCode?: number;
		startedAt?: string;
		finishedAt?: string;
	};
};

type StatusLike = ContainerStatus & { containerID?: string; imageID?: string; lastState?: State };

function writeState(w: PrefixWriter, title: string, state: State | undefined): void {
	if (state?.running) {
		w.write(LEVEL_2, `${title}:\tRunning\n`);
		w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
	} else if (state?.terminated) {
		const t = state.terminated;
		w.write(LEVEL_2, `${title}:\tTerminated\n`);
		if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
		if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
		w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
		w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
		w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
	} else {
		w.write(LEVEL_2, `${title}:\tWaiting\n`);
		if (state?.waiting?.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
	}
}

interface Probe {
	httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
	tcpSocket?: { port?: number | string };
	exec?: { command?: string[] };
	grpc?: { port?: number; service?: string };
	initialDelaySeconds?: number;
	timeoutSeconds?: number;
	periodSeconds?: number;
	successThreshold?: number;
	failureThreshold?: number;
}

function probeText(p: Probe): string {
	let action = 'unknown';
	if (p.httpGet) {
		const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
		action = `http-get ${scheme}://${p.httpGet.host ?? ''}:${p.httpGet.port ?? ''}${p.httpGet.path ?? ''}`;
	} else if (p.tcpSocket) action = `tcp-socket :${p.tcpSocket.port ?? ''}`;
	else if (p.exec) action = `exec [${(p.exec.command ?? []).join(' ')}]`;
	// describe.go DescribeProbe: `grpc <pod>:%d %s` (the service, empty by default).
	else if (p.grpc) action = `grpc <pod>:${p.grpc.port ?? ''} ${p.grpc.service ?? ''}`;
	return `${action} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function writeResources(w: PrefixWriter, resources: unknown): void {
	const r = (resources ?? {}) as {
		limits?: Record<string, string>;
		requests?: Record<string, string>;
	};
	for (const [title, values] of [
		['Limits', r.limits],
		['Requests', r.requests]
	] as const) {
		const keys = Object.keys(values ?? {}).sort();
		if (keys.length === 0) continue;
		w.write(LEVEL_2, `${title}:\n`);
		for (const k of keys) w.write(LEVEL_3, `${k}:\t${(values as Record<string, string>)[k]}\n`);
	}
}

/** `space` is `''` for pods and `'  '` inside a Pod Template (names then get one extra space). */
export function writeContainers(
	w: PrefixWriter,
	title: string,
	containers: readonly Container[],
	statuses: readonly ContainerStatus[] | undefined,
	space: string
): void {
	w.write(LEVEL_0, `${space}${title}:\n`);
	for (const c of containers) {
		const status = statuses?.find((s) => s.name === c.name) as StatusLike | undefined;
		w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
		if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
		w.write(LEVEL_2, `Image:\t${c.image}\n`);
		if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
		const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
		const hostPorts = (c.ports ?? []).map(
			(p) => `${(p as { hostPort?: number }).hostPort ?? 0}/${p.protocol ?? 'TCP'}`
		);
		if (ports.length > 1) w.write(LEVEL_2, `Ports:\t${ports.join(', ')}\n`);
		else w.write(LEVEL_2, `Port:\t${ports[0] ?? '<none>'}\n`);
		if (hostPorts.length > 1) w.write(LEVEL_2, `Host Ports:\t${hostPorts.join(', ')}\n`);
		else w.write(LEVEL_2, `Host Port:\t${hostPorts[0] ?? '<none>'}\n`);
		for (const [name, list] of [
			['Command', c.command],
			['Args', c.args]
		] as const) {
			if (!list || list.length === 0) continue;
			w.write(LEVEL_2, `${name}:\n`);
			for (const part of list) for (const line of part.split('\n')) w.write(LEVEL_3, `${line}\n`);
		}
		if (status) {
			writeState(w, 'State', status.state);
			if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
			w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
			w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
		}
		writeResources(w, c.resources);
		for (const [name, key] of [
			['Liveness', 'livenessProbe'],
			['Readiness', 'readinessProbe'],
			['Startup', 'startupProbe']
		] as const) {
			const probe = c[key] as Probe | undefined;
			if (probe) w.write(LEVEL_2, `${name}:\t${probeText(probe)}\n`);
		}
		const env = c.env ?? [];
		w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
		for (const e of env) {
			const from = (e as { valueFrom?: unknown }).valueFrom;
			if (from) {
				w.write(LEVEL_3, `${e.name}:\t<set to the key in a reference>\n`);
				continue;
			}
			(e.value ?? '').split('\n').forEach((line, i) => {
				w.write(LEVEL_3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`);
			});
		}
		const mounts = (c.volumeMounts ?? []) as {
			name: string;
			mountPath: string;
			readOnly?: boolean;
		}[];
		w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
		for (const m of [...mounts].sort((a, b) => a.mountPath.localeCompare(b.mountPath)))
			w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
	}
}

type Volume = {
	name: string;
	emptyDir?: { medium?: string; sizeLimit?: string };
	configMap?: { name?: string; optional?: boolean };
	secret?: { secretName?: string; optional?: boolean };
	projected?: { sources?: ProjectedSource[] };
	hostPath?: { path?: string; type?: string };
	downwardAPI?: {
		items?: {
			path?: string;
			fieldRef?: { fieldPath?: string };
			resourceFieldRef?: { resource?: string };
		}[];
	};
};

type ProjectedSource = {
	secret?: { name?: string; optional?: boolean };
	downwardAPI?: unknown;
	configMap?: { name?: string; optional?: boolean };
	serviceAccountToken?: { expirationSeconds?: number };
	clusterTrustBundle?: { name?: string; signerName?: string; path?: string; optional?: boolean };
};

/** printProjectedVolumeSource: one line (or two) per source; Go prints a nil *bool as <nil>. */
function writeProjectedSources(w: PrefixWriter, sources: readonly ProjectedSource[]): void {
	const opt = (b: boolean | undefined): string => (b === undefined ? '<nil>' : String(b));
	for (const s of sources) {
		if (s.secret) {
			w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n`);
			w.write(LEVEL_2, `SecretOptionalName:\t${opt(s.secret.optional)}\n`);
		} else if (s.downwardAPI) w.write(LEVEL_2, `DownwardAPI:\ttrue\n`);
		else if (s.configMap) {
			w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n`);
			w.write(LEVEL_2, `ConfigMapOptional:\t${opt(s.configMap.optional)}\n`);
		} else if (s.serviceAccountToken)
			w.write(
				LEVEL_2,
				`TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`
			);
	}
}

export function writeVolumes(w: PrefixWriter, volumes: unknown, space: string): void {
	const list = (Array.isArray(volumes) ? volumes : []) as Volume[];
	if (list.length === 0) {
		w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
		return;
	}
	w.write(LEVEL_0, `${space}Volumes:\n`);
	for (const v of list) {
		w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
		if (v.emptyDir) {
			w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
			w.write(LEVEL_2, `Medium:\t${v.emptyDir.medium ?? ''}\n`);
			w.write(LEVEL_2, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
		} else if (v.configMap) {
			w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n`);
			w.write(LEVEL_2, `Name:\t${v.configMap.name ?? ''}\n`);
			w.write(LEVEL_2, `Optional:\t${v.configMap.optional ?? false}\n`);
		} else if (v.secret) {
			w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n`);
			w.write(LEVEL_2, `SecretName:\t${v.secret.secretName ?? ''}\n`);
			w.write(LEVEL_2, `Optional:\t${v.secret.optional ?? false}\n`);
		} else if (v.projected) {
			w.write(
				LEVEL_2,
				`Type:\tProjected (a volume that contains injected data from multiple sources)\n`
			);
			writeProjectedSources(w, v.projected.sources ?? []);
		} else if (v.downwardAPI) {
			// describe.go printDownwardAPIVolumeSource: "Items:" is part of the level-2 line.
			w.write(
				LEVEL_2,
				`Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n`
			);
			for (const item of v.downwardAPI.items ?? []) {
				if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
				if (item.resourceFieldRef)
					w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
			}
		} else if (v.hostPath) {
			// describe.go printHostPathVolumeSource; the API server defaults `type` to ""
			w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n`);
			w.write(LEVEL_2, `Path:\t${v.hostPath.path ?? ''}\n`);
			w.write(LEVEL_2, `HostPathType:\t${v.hostPath.type ?? ''}\n`);
		} else w.write(LEVEL_2, `<unknown>\n`);
	}
}
