/**
 * `npm run workshop:load -- --learners 500 [--instances 2] [--seconds 20] [--json]`: the workshop
 * hub under a class of headless learners (test/workshop/load). The last line printed is one JSON
 * object: learners, p50Ms, p99Ms, lost, hubMemoryMB, and more.
 */
import { parseArgs } from 'node:util';
import { runLoad } from '../test/workshop/load/run-load.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '100' },
		instances: { type: 'string', default: '1' },
		seconds: { type: 'string', default: '20' },
		interval: { type: 'string', default: '3000' },
		json: { type: 'boolean' }
	}
});
const learners = Number(values.learners);
const instances = Number(values.instances);
const seconds = Number(values.seconds);
const interval = Number(values.interval);
const usage = (m: string): never => {
	process.stderr.write(
		`error: ${m}\nusage: npm run workshop:load -- --learners N [--instances 1|2] [--seconds S] [--interval MS] [--json]\n`
	);
	process.exit(2);
};
if (!Number.isInteger(learners) || learners < 1 || learners > 5000)
	usage('--learners must be 1–5000');
if (instances !== 1 && instances !== 2) usage('--instances must be 1 or 2');
if (!(seconds >= 2 && seconds <= 600)) usage('--seconds must be 2–600');
if (!(interval >= 100)) usage('--interval must be at least 100 (ms between one learner’s actions)');

const result = await runLoad({
	learners,
	instances: instances as 1 | 2,
	durationMs: seconds * 1000,
	meanIntervalMs: interval,
	log: (line) => process.stderr.write(`${line}\n`)
});
if (!values.json) {
	process.stderr.write(
		`${result.learners} learners, ${result.events} progress events: dashboard latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; lost ${result.lost}; hub memory ${result.hubMemoryMB} MB\n`
	);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.lost === 0 ? 0 : 1);
