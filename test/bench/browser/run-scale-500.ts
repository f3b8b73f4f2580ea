/**
 * `npx tsx test/bench/browser/run-scale-500.ts`: only the 500-pod figures (scripts/bench.ts
 * measures them with everything else), for a quick before/after. Needs `npx vite build` first.
 */
import { launchChromium } from '../../e2e/browser.ts';
import { scale500Figures } from './scale-500.ts';

const browser = await launchChromium();
try {
	const f = await scale500Figures(browser, undefined, (l) => process.stderr.write(`${l}\n`));
	process.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
} finally {
	await browser.close();
}
process.exit(0);
