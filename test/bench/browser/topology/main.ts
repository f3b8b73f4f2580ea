/** The topology frame bench page: the real MeshTabs on a synthetic busy cluster. */
import { mount } from 'svelte';
import '../../../../src/ui/theme.css';
import MeshTabs from '../../../../src/ui/topology/MeshTabs.svelte';
import { fakeCluster } from './fake-cluster.ts';

const params = new URL(location.href).searchParams;
const pods = Number(params.get('pods') ?? 50);
const rps = Number(params.get('rps') ?? 200);
mount(MeshTabs, {
	target: document.getElementById('app')!,
	props: { cluster: fakeCluster(pods, rps) }
});
