/**
 * A pod is ready when its `Ready` condition is True (k8s.io/kubectl's podutils.IsPodReady): the
 * API-level fact that controllers, istiod and the shell all read.
 */
import type { Pod } from './objects.ts';

export function isPodReady(pod: Pod): boolean {
	return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
