/**
 * "Compare with a model answer": what counts as the learner's commands of a step, a heredoc
 * apply shown as its manifest, and the engine offering the compare only once the step passed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerEntry, compareStep, learnerAnswer } from '../../src/lessons/compare.ts';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { applyManifest } from '../../src/lessons/loader.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

const POLICY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-all
spec: {}`;

describe('answerEntry', () => {
	it.each([
		['kubectl apply -f - <<EOF', 'kubectl apply -f -'],
		["kubectl apply -f - <<'EOF'", 'kubectl apply -f -'],
		['kubectl -n default apply --filename=- <<-EOF', 'kubectl -n default apply --filename=-'],
		['cat <<EOF | kubectl apply -f -', 'kubectl apply -f -'],
		['kubectl create -f - << EOF', 'kubectl create -f -']
	])('shows %s with its manifest apart', (first, command) => {
		expect(answerEntry(`${first}\n${POLICY}\nEOF`, 0)).toEqual({
			kind: 'manifest',
			command,
			manifest: POLICY,
			exitCode: 0
		});
	});

	it('reads the manifests the loader writes (another delimiter when the body holds EOF)', () => {
		const body = `${POLICY}\n# EOF\nEOF`;
		expect(answerEntry(applyManifest(body))).toEqual({
			kind: 'manifest',
			command: 'kubectl apply -f -',
			manifest: body
		});
	});

	it.each([
		'kubectl get pods -o wide',
		// A heredoc that is not an apply from stdin stays a command, shown whole.
		'cat <<EOF > policy.yaml\nkind: AuthorizationPolicy\nEOF',
		'kubectl apply -f policy.yaml',
		// Unterminated (the terminal would not have run it): not a manifest.
		'kubectl apply -f - <<EOF\nkind: AuthorizationPolicy'
	])('keeps %j as typed', (command) => {
		expect(answerEntry(command)).toEqual({ kind: 'command', command });
	});
});

describe('learnerAnswer', () => {
	it("keeps the learner's commands in order, failed ones too, and drops the engine's and blanks", () => {
		const yours = learnerAnswer([
			{ command: 'kubectl get ns', exitCode: 0, output: '', by: 'learner' },
			{ command: 'kubectl label ns default x=y', exitCode: 0, output: '', by: 'engine' },
			{ command: '   ', exitCode: 0, output: '', by: 'learner' },
			{ command: 'kubectl lable ns default', exitCode: 1, output: 'unknown', by: 'learner' },
			{ command: applyManifest(POLICY), exitCode: 0, output: '', by: 'learner' }
		]);
		expect(yours).toEqual([
			{ kind: 'command', command: 'kubectl get ns', exitCode: 0 },
			{ kind: 'command', command: 'kubectl lable ns default', exitCode: 1 },
			{ kind: 'manifest', command: 'kubectl apply -f -', manifest: POLICY, exitCode: 0 }
		]);
	});

	it('says when Solve typed part of the answer', () => {
		const solve = { command: 'kubectl get pods', exitCode: 0, output: '', by: 'engine' as const };
		expect(compareStep({ solution: ['kubectl get pods'] }, [solve])).toEqual({
			yours: [],
			model: [{ kind: 'command', command: 'kubectl get pods' }],
			solvedWithHelp: true
		});
	});
});

describe('the engine offers the compare', () => {
	const { lesson } = loadLessonDir(`${LESSONS_DIR}/03-join-the-mesh`);
	let host: HeadlessHost | undefined;
	afterEach(async () => {
		await host?.dispose();
	});

	it("only after the step passed, with the learner's commands up to the pass", async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		expect(engine.comparison()).toBeUndefined();

		await host.type('kubectl label namespace nope istio.io/dataplane-mode=ambient');
		await engine.evaluate();
		// Not passed yet: nothing to compare (a challenge's solution must stay hidden).
		expect(engine.comparison()).toBeUndefined();

		await host.type('kubectl label ns default istio.io/dataplane-mode=ambient');
		expect((await engine.evaluate()).passed).toBe(true);
		await host.type('kubectl get ns --show-labels');
		await engine.evaluate();

		expect(engine.comparison()).toEqual({
			yours: [
				{
					kind: 'command',
					command: 'kubectl label namespace nope istio.io/dataplane-mode=ambient',
					exitCode: 1
				},
				{
					kind: 'command',
					command: 'kubectl label ns default istio.io/dataplane-mode=ambient',
					exitCode: 0
				}
			],
			model: lesson!.steps[1]!.solution.map((command) => ({ kind: 'command', command })),
			solvedWithHelp: false
		});

		// The next step starts a new window: nothing to compare until it passes.
		await engine.goTo(2);
		expect(engine.comparison()).toBeUndefined();
		await engine.solve();
		expect(engine.comparison()).toMatchObject({ yours: [], solvedWithHelp: true });
	}, 90_000);

	it('counts the command still running when its effect passed the check', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		await host.type('kubectl get ns');
		// The terminal runs the label; its effect reaches the cluster (and a cluster event makes
		// the engine re-evaluate) before the line ends and is logged, as on the page.
		const label = 'kubectl label ns default istio.io/dataplane-mode=ambient';
		host.log.begin();
		const api = host.cluster.api;
		const namespaces = api.resolve('namespaces')!;
		api.patch(namespaces, undefined, 'default', (ns) => {
			ns.metadata.labels = { ...ns.metadata.labels, 'istio.io/dataplane-mode': 'ambient' };
		});
		await host.cluster.settle();
		expect((await engine.evaluate()).passed).toBe(true);
		host.log.end();
		host.log.record({ command: label, exitCode: 0, output: 'namespace/default labeled\n' });
		expect(engine.comparison()?.yours.map((e) => e.command)).toEqual(['kubectl get ns', label]);
	}, 90_000);
});
