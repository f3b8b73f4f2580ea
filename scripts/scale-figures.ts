/**
 * `npx tsx scripts/scale-figures.ts [--added N] [--workers N] [--ambient]`: only the in-process
 * scale-up figures of `npm run bench` (`node.scale.add400PodsMs`, with `--ambient`
 * `node.scale.add400PodsAmbientMs`), for profiling with
 * `node --cpu-prof --import tsx scripts/scale-figures.ts`. `--ambient` installs Istio's ambient
 * profile and enrols `default` first, so istiod's pushes are part of the figure.
 */
import { parseArgs } from 'node:util';
import { addPodsFigures } from '../test/bench/scale-figures.ts';

const { values } = parseArgs({
	options: {
		added: { type: 'string', default: '400' },
		workers: { type: 'string', default: '6' },
		ambient: { type: 'boolean', default: false }
	}
});
const added = Number(values.added);
const f = await addPodsFigures(added, Number(values.workers), values.ambient);
process.stdout.write(
	`${JSON.stringify({
		// The names `npm run bench` reports (add400PodsMs, add400PodsAmbientMs and their CpuMs).
		[`node.scale.add${added}Pods${values.ambient ? 'Ambient' : ''}Ms`]: Math.round(f.addMs),
		// CPU beside wall time: on a shared machine the wall figure swings with the neighbours.
		[`node.scale.add${added}Pods${values.ambient ? 'Ambient' : ''}CpuMs`]: Math.round(f.cpuMs),
		readyPods: f.readyPods
	})}\n`
);
