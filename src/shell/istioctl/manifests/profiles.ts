/**
 * What each installable profile turns on, as Istio 1.30.3's manifests/profiles/*.yaml (the
 * components) and manifests/helm-profiles/*.yaml (the chart values) say. `default` is the base
 * every other profile is laid over (operator/pkg/render: profile overlay on default.yaml):
 *
 * - default: base, pilot and the `istio-ingressgateway`;
 * - minimal: default without the ingress gateway;
 * - demo: default plus the `istio-egressgateway`, access logs to /dev/stdout, trace sampling 100;
 * - empty: nothing (not even base);
 * - ambient: base, pilot, cni and ztunnel; no gateway; distroless images, HBONE in proxy metadata.
 */
import type { ComponentName } from './labels.ts';

/** The profiles `istioctl install` renders here; the rest of `istioctl profile list` is refused. */
export const SIMULATED_PROFILES = ['ambient', 'default', 'demo', 'empty', 'minimal'] as const;
export type SimulatedProfile = (typeof SIMULATED_PROFILES)[number];

export const isSimulatedProfile = (p: string): p is SimulatedProfile =>
	(SIMULATED_PROFILES as readonly string[]).includes(p);

export type ComponentSwitches = Readonly<Record<ComponentName, boolean>>;

/** The profile's `spec.components.*.enabled` (gateways: the stock one of each kind). */
export function profileComponents(profile: SimulatedProfile): ComponentSwitches {
	const base = profile !== 'empty';
	return {
		Base: base,
		Pilot: base,
		Cni: profile === 'ambient',
		Ztunnel: profile === 'ambient',
		IngressGateways: profile === 'default' || profile === 'demo',
		EgressGateways: profile === 'demo'
	};
}

/** helm-profiles/ambient.yaml and demo.yaml values the rendered objects show. */
export interface ProfileValues {
	readonly profile: SimulatedProfile;
	/** `global.variant`: `distroless` in ambient, none elsewhere. */
	readonly variant: string;
	/** `meshConfig.defaultConfig.proxyMetadata` (ambient: ISTIO_META_ENABLE_HBONE). */
	readonly proxyMetadata: Readonly<Record<string, string>>;
	/** `pilot.env.PILOT_ENABLE_AMBIENT`. */
	readonly ambient: boolean;
	/** `pilot.traceSampling` (demo: 100). */
	readonly traceSampling: string;
	/** meshConfig keys the profile sets beyond the chart's mesh (demo: accessLogFile …). */
	readonly meshConfig: Readonly<Record<string, string>>;
}

/** demo.yaml's meshConfig.extensionProviders, as toYaml writes the list. */
const DEMO_EXTENSION_PROVIDERS = `
- envoyOtelAls:
    port: 4317
    service: opentelemetry-collector.observability.svc.cluster.local
  name: otel
- name: skywalking
  skywalking:
    port: 11800
    service: tracing.istio-system.svc.cluster.local
- name: otel-tracing
  opentelemetry:
    port: 4317
    service: opentelemetry-collector.observability.svc.cluster.local
- name: jaeger
  opentelemetry:
    port: 4317
    service: jaeger-collector.istio-system.svc.cluster.local`;

export function profileValues(profile: SimulatedProfile): ProfileValues {
	const ambient = profile === 'ambient';
	const demo = profile === 'demo';
	return {
		profile,
		variant: ambient ? 'distroless' : '',
		proxyMetadata: ambient ? { ISTIO_META_ENABLE_HBONE: 'true' } : {},
		ambient,
		traceSampling: demo ? '100' : '1',
		meshConfig: demo
			? { accessLogFile: '/dev/stdout', extensionProviders: DEMO_EXTENSION_PROVIDERS }
			: {}
	};
}
