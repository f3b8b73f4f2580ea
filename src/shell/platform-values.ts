/**
 * Settings that adapt Istio to a Kubernetes platform other than kind (docs/ambient/install/
 * platform-prerequisites: `global.platform`, istio-cni's CNI directories, the OpenShift profiles).
 * The playground is a kind cluster, which needs none of them: helm and istioctl refuse them with
 * this one-line note rather than installing something that would not work on a kind node.
 * Paths are chart values (`global.platform`, `cniBinDir`) or istioctl's (`cni.cniBinDir`).
 */

/** manifests/helm-profiles/platform-*.yaml in Istio 1.30.3. */
const PLATFORMS = ['gke', 'k3d', 'k3s', 'microk8s', 'minikube', 'openshift'];

const KIND = 'the playground is a kind cluster, which needs no platform setting';

export function platformValueNote(path: string, value: unknown): string | undefined {
	if (path === 'global.platform') {
		const v = String(value);
		const which = PLATFORMS.includes(v) ? `the ${v} platform` : `a "${v}" platform`;
		return `global.platform=${v} adapts Istio to ${which}; ${KIND}`;
	}
	const dir = path.replace(/^cni\./, '');
	if (dir === 'cniBinDir' || dir === 'cniConfDir')
		return `${path} points istio-cni at another platform's CNI directory; ${KIND} (kind's nodes use the defaults, /opt/cni/bin and /etc/cni/net.d)`;
	return undefined;
}

/** `openshift`, `openshift-ambient` (istioctl profiles, manifests/profiles in 1.30.3). */
export function platformProfileNote(profile: string): string | undefined {
	if (!profile.startsWith('openshift')) return undefined;
	const plain = profile === 'openshift' ? 'default' : profile.slice('openshift-'.length);
	return `the "${profile}" profile is for OpenShift clusters; ${KIND}: use the "${plain}" profile`;
}
