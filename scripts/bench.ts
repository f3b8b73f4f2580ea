/**
 * `npm run bench` prints the benchmark figures as a table; `npm run bench -- --json` prints one
 * JSON object of named figures and ratios. Everything is measured in one run, so ratios compare
 * like with like on a shared, noisy machine; nothing here is asserted.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { workerRoundTripUs } from '../test/bench/node-floor.ts';
import { cryptoFigures } from '../test/bench/crypto-figures.ts';
import {
	ambientFigures,
	inProcessRequestsPerSecond,
	workerFigures,
	ztunnelPairFigures
} from '../test/bench/mesh-figures.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { browserMeshFigures } from '../test/bench/browser/mesh-in-browser.ts';
import {
	pageLoadToTerminalMillis,
	workerRoundTripMicros
} from '../test/bench/browser/browser-bench.ts';

const { values } = parseArgs({
	options: { json: { type: 'boolean' }, 'no-browser': { type: 'boolean' } }
});

interface Figure {
	readonly name: string;
	readonly value: number;
	readonly unit: string;
	readonly target?: string;
}

const figures: Figure[] = [];
const log = (text: string) => {
	if (!values.json) process.stderr.write(`${text}\n`);
};
const add = (name: string, value: number, unit: string, target?: string) => {
	figures.push({ name, value, unit, ...(target ? { target } : {}) });
	log(`  ${name}: ${value.toFixed(unit === 'x' ? 2 : 1)} ${unit}`);
};

log('Node: worker_threads floor');
const nodeFloor = await workerRoundTripUs();
add('node.floor.roundTripUs', nodeFloor, 'µs');

log('Node: Bookinfo on the worker runtime (one worker per pod)');
const w = await workerFigures();
add('node.workers.bookinfoBootMs', w.bootMs, 'ms', '< 500');
add('node.workers.pods', w.pods, 'pods');
add('node.workers.productpageRequestMs', w.requestMs, 'ms');
add('node.workers.hopsPerRequest', w.hopsPerRequest, 'segments');
const perHopUs = (w.requestMs * 1000) / w.hopsPerRequest;
add('node.workers.perHopUs', perHopUs, 'µs');
add('node.workers.hopVsFloorOneWay', perHopUs / (nodeFloor / 2), 'x', '< 2');
add('node.workers.memoryPerPodMB', w.memoryPerPodMB, 'MB', '< 5');

log('Node: in-process runtime');
add('node.inprocess.requestsPerSec', await inProcessRequestsPerSecond(), 'req/s', '> 20000');

log('Node: the same request through the ambient L4 mesh (worker runtime)');
const amb = await ambientFigures();
add('node.ambient.plainRequestMs', amb.plainRequestMs, 'ms');
add('node.ambient.firstMeshRequestMs', amb.firstMeshRequestMs, 'ms');
add('node.ambient.meshRequestMs', amb.meshRequestMs, 'ms');
add('node.ambient.meshVsPlain', amb.meshRequestMs / amb.plainRequestMs, 'x', '< 2 (warm)');
add('node.ambient.firstVsPlain', amb.firstMeshRequestMs / amb.plainRequestMs, 'x');
add('node.ambient.plainSegmentsPerRequest', amb.plainSegmentsPerRequest, 'segments');
add('node.ambient.segmentsPerRequest', amb.meshSegmentsPerRequest, 'segments');
// Each segment is a worker-to-worker hop: if this ratio is close to meshVsPlain, hops dominate.
add('node.ambient.segmentsVsPlain', amb.meshSegmentsPerRequest / amb.plainSegmentsPerRequest, 'x');

log('Node: one connection through a pair of ztunnels (in memory, no runtime: proxy + crypto cost)');
const zt = await ztunnelPairFigures();
add('node.ztunnel.plainUs', zt.plainMs * 1000, 'µs');
add('node.ztunnel.coldUs', zt.coldMs * 1000, 'µs');
add('node.ztunnel.warmUs', zt.warmMs * 1000, 'µs');
add('node.ztunnel.coldVsWarm', zt.coldMs / zt.warmMs, 'x');
add('node.ztunnel.coldCryptoUs', zt.coldCryptoMs * 1000, 'µs');
add('node.ztunnel.warmCryptoUs', zt.warmCryptoMs * 1000, 'µs');

log('Node: real crypto (WebCrypto P-256, X.509) for the coming mTLS data path');
const c = await cryptoFigures();
add('node.crypto.handshakeMs', c.handshakeMs, 'ms');
add('node.crypto.sign100CertsMs', c.sign100Ms, 'ms', '< 1000');
add('node.crypto.issue100CertsWithKeysMs', c.issue100Ms, 'ms');

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH].some(
	(p) => p && existsSync(p)
);
if (!values['no-browser'] && chromium) {
	log('Chromium: dedicated workers floor and page load');
	if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'ignore' });
	const browser = await launchChromium();
	try {
		const floor = await workerRoundTripMicros({ browser });
		add('chromium.floor.roundTripUs', floor, 'µs');
		add('chromium.pageToTerminalMs', await pageLoadToTerminalMillis({ browser }), 'ms', '< 1000');
		const m = await browserMeshFigures(browser);
		add('chromium.bookinfoBootMs', m.bookinfoReadyMs - m.promptMs, 'ms', '< 500');
		add('chromium.pageToBookinfoReadyMs', m.bookinfoReadyMs, 'ms');
		add('chromium.memoryPerPodMB', m.memoryPerPodMB, 'MB', '< 5');
		add('chromium.productpageRequestMs', m.requestMs, 'ms');
		const hopUs = (m.requestMs * 1000) / w.hopsPerRequest;
		add('chromium.perHopUs', hopUs, 'µs');
		add('chromium.hopVsFloorOneWay', hopUs / (floor / 2), 'x', '< 2');
	} finally {
		await browser.close();
	}
} else log('Chromium: skipped (not installed or --no-browser)');

if (values.json) {
	process.stdout.write(
		`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(3))])), null, 2)}\n`
	);
} else {
	const rows = figures.map((f) => [
		f.name,
		`${f.value.toFixed(f.unit === 'x' ? 2 : 1)} ${f.unit}`,
		f.target ?? ''
	]);
	const widths = [0, 1, 2].map((i) =>
		Math.max(...[['figure', 'value', 'target'], ...rows].map((r) => (r[i] ?? '').length))
	);
	const line = (r: string[]) =>
		r
			.map((c, i) => c.padEnd(widths[i] ?? 0))
			.join('  ')
			.trimEnd();
	process.stdout.write(`\n${line(['figure', 'value', 'target'])}\n${rows.map(line).join('\n')}\n`);
}
process.exit(0);
