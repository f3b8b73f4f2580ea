/**
 * Tools Istio's docs run on the learner's own machine to make or reach a cluster (`kind create
 * cluster`, `k3d cluster create`, cloud CLIs). The playground's terminal is that machine, but its
 * cluster is made for it and is simulated, so these are not found as on a host without them; the
 * note after bash's `command not found` says why, in one line, instead of faking their output.
 */

const CLUSTER_MAKERS = ['kind', 'k3d', 'k3s', 'minikube', 'microk8s'];
const CONTAINER_ENGINES = ['docker', 'podman', 'nerdctl', 'crictl'];
const CLOUD_CLIS = ['gcloud', 'aws', 'eksctl', 'az', 'oc', 'doctl'];

export function hostToolNote(name: string): string | undefined {
	if (CLUSTER_MAKERS.includes(name))
		return 'the playground made its kind cluster for you, see kubectl config get-contexts; cluster tools are not simulated';
	if (CONTAINER_ENGINES.includes(name))
		return "the playground's nodes and containers are simulated: there is no container engine to talk to";
	if (CLOUD_CLIS.includes(name))
		return 'cloud providers are not simulated: the playground is a local kind cluster';
	return undefined;
}
