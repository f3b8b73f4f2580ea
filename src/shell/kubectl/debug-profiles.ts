/**
 * `kubectl debug --profile`: the security context each built-in profile gives an ephemeral
 * debug container (kubectl pkg/cmd/debug/profiles.go). The simulation does not enforce
 * capabilities; the fields show in the pod's spec as on a real cluster.
 */
import type { EphemeralContainer } from '../../mesh/api/objects.ts';

export const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];

export function applyProfile(profile: string, c: EphemeralContainer): void {
	switch (profile) {
		case 'general':
			c.securityContext = { capabilities: { add: ['SYS_PTRACE'] } };
			return;
		case 'restricted':
			c.securityContext = {
				allowPrivilegeEscalation: false,
				capabilities: { drop: ['ALL'] },
				runAsNonRoot: true,
				seccompProfile: { type: 'RuntimeDefault' }
			};
			return;
		case 'netadmin':
			c.securityContext = { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } };
			return;
		case 'sysadmin':
			c.securityContext = { privileged: true };
			return;
	}
}
