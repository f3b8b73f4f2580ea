/**
 * The request-path figures alone, for `node --cpu-prof` and for alternating before/after runs on
 * a shared machine: in-process curl → details throughput (wall req/s and CPU µs per request), and
 * curl → productpage with and without the ambient mesh on the worker runtime (`--ambient`), and
 * one connection through a pair of ztunnels (warm, pooled; `--webcrypto`: on Node's WebCrypto
 * instead of the Node edges' AES-GCM). `--inprocess`, `--ambient` or `--ztunnel`
 * runs one.
 *
 *   npx tsx scripts/request-figures.ts [--inprocess] [--ambient] [--ztunnel [--webcrypto]]
 *     [--seconds 2] [--requests 40]
 *   node --cpu-prof --import tsx scripts/request-figures.ts --inprocess
 */
import { parseArgs } from 'node:util';
import {
	ambientFigures,
	inProcessRequestFigures,
	ztunnelPairFigures
} from '../test/bench/mesh-figures.ts';

const { values } = parseArgs({
	options: {
		inprocess: { type: 'boolean' },
		ambient: { type: 'boolean' },
		ztunnel: { type: 'boolean' },
		seconds: { type: 'string', default: '2' },
		requests: { type: 'string', default: '40' },
		webcrypto: { type: 'boolean' }
	}
});
const all = !values.inprocess && !values.ztunnel && !values.ambient;
if (all || values.inprocess) {
	const f = await inProcessRequestFigures(Number(values.seconds));
	console.log(
		`inprocess: ${f.requestsPerSec.toFixed(0)} req/s, ${f.cpuUsPerRequest.toFixed(1)} µs CPU/request (after ${f.warmUpRequests} warm-up requests)`
	);
}
if (all || values.ztunnel) {
	const z = await ztunnelPairFigures(
		Number(values.requests),
		values.webcrypto ? globalThis.crypto : undefined
	);
	console.log(
		`ztunnel pair: plain ${(z.plainMs * 1000).toFixed(0)} µs, warm ${(z.warmMs * 1000).toFixed(0)} µs (${z.warmCpuUs.toFixed(0)} µs CPU), cold ${(z.coldMs * 1000).toFixed(0)} µs`
	);
}
if (all || values.ambient) {
	const a = await ambientFigures(Number(values.requests));
	console.log(
		`ambient (workers): plain ${a.plainRequestMs.toFixed(2)} ms (${a.plainCpuUsPerRequest.toFixed(0)} µs CPU), mesh ${a.meshRequestMs.toFixed(2)} ms (${a.meshCpuUsPerRequest.toFixed(0)} µs CPU): ${(a.meshRequestMs / a.plainRequestMs).toFixed(2)}× wall, ${(a.meshCpuUsPerRequest / a.plainCpuUsPerRequest).toFixed(2)}× CPU`
	);
}
process.exit(0);
