/**
 * `istioctl upgrade` (operator/cmd/mesh/upgrade.go): "The upgrade command is an alias for the
 * install command", with install's flags. It prints install's warning when the running istiod
 * is another version; `istioctl upgrade --set profile=ambient` on a default install adds CNI
 * and ztunnel, writes the ambient mesh config and prunes the ingress gateway.
 */
import { INSTALL_FLAGS, runInstall } from './install.ts';
import type { IstioctlCommand } from './types.ts';

export const upgradeCommand: IstioctlCommand = {
	name: 'upgrade',
	summary: 'Upgrade Istio control plane in-place',
	usage: 'istioctl upgrade [flags]',
	flags: INSTALL_FLAGS,
	run: runInstall
};
