/**
 * `npm run lessons:record` (issue 14): a recorded sandbox session becomes a lesson draft that
 * `lessons:check` accepts as it is (each proposed check fails at its step's start and passes after
 * the recorded command), a failed command stays in the draft as a comment and exits 1, and bad
 * input gets a clear message and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLessons, loadLessonDir } from '../../scripts/lessons-check.ts';
import { recordLesson } from '../../scripts/lessons-record.ts';

const root = mkdtempSync(join(tmpdir(), 'lessons-record-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function script(name: string, text: string): string {
	const path = join(root, name);
	writeFileSync(path, text);
	return path;
}

const checks = (dir: string) =>
	loadLessonDir(dir).lesson?.steps.map((s) => ({ title: s.title, check: s.check }));

describe('lessons:record', () => {
	it('install, look, label, curl: three steps whose checks test the outcome, and lessons:check passes', async () => {
		const out = join(root, '07-ambient-tour');
		const result = await recordLesson({
			script: script(
				'tour.sh',
				[
					'istioctl install --set profile=ambient --skip-confirmation',
					'kubectl get pods',
					'kubectl label namespace default istio.io/dataplane-mode=ambient',
					'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
				].join('\n')
			),
			out,
			title: 'Ambient tour'
		});
		expect(result.exitCode).toBe(0);
		expect(result.messages).toEqual([
			expect.stringMatching(/^wrote .*07-ambient-tour\/lesson\.md: 3 step\(s\)/)
		]);
		const lesson = loadLessonDir(out).lesson;
		expect(lesson).toMatchObject({ id: 'ambient-tour', title: 'Ambient tour', minutes: 6 });
		expect(lesson?.steps.map((s) => [s.title, s.minutes, s.solution])).toEqual([
			['Install Istio', 2, ['istioctl install --set profile=ambient --skip-confirmation']],
			[
				'Label namespace default',
				2,
				['kubectl get pods', 'kubectl label namespace default istio.io/dataplane-mode=ambient']
			],
			[
				'Send a request from curl to productpage',
				2,
				[
					'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
				]
			]
		]);
		// The read before the label is in the step's text for the learner to run.
		expect(lesson?.steps[1]?.text).toContain('```sh\nkubectl get pods\nkubectl label namespace');
		const [install, label, curl] = lesson?.steps.map((s) => s.check) ?? [];
		expect(install).toContainEqual({
			name: 'daemonset ztunnel in istio-system exists',
			resource: { kind: 'daemonset', name: 'ztunnel', namespace: 'istio-system' }
		});
		expect(label).toEqual([
			{
				name: 'namespace default has istio.io/dataplane-mode=ambient',
				resource: {
					kind: 'namespace',
					name: 'default',
					labels: { 'istio.io/dataplane-mode': 'ambient' }
				}
			}
		]);
		expect(curl).toEqual([
			{
				name: 'curl reached productpage over mTLS',
				traffic: { from: 'curl', to: 'productpage', mtls: true, result: 'allowed' }
			}
		]);
		expect(lesson?.recap?.quiz).toHaveLength(1);
		expect(readFileSync(join(out, 'lesson.md'), 'utf8')).toContain('```hint\nTODO');
		expect(await checkLessons([out])).toEqual([]);
	}, 60_000);

	it('a denied request is checked as denied, by the policy that denied it', async () => {
		const out = join(root, '08-deny');
		const result = await recordLesson({
			script: script(
				'deny.sh',
				[
					'istioctl install --set profile=ambient --skip-confirmation',
					'kubectl label namespace default istio.io/dataplane-mode=ambient',
					'kubectl apply -f - <<EOF',
					'apiVersion: security.istio.io/v1',
					'kind: AuthorizationPolicy',
					'metadata:',
					'  name: deny-curl',
					'spec:',
					'  selector:',
					'    matchLabels:',
					'      app: productpage',
					'  action: DENY',
					'  rules:',
					'  - from:',
					'    - source:',
					'        principals: ["cluster.local/ns/default/sa/curl"]',
					'EOF',
					'kubectl exec deploy/curl -- curl -s --max-time 3 http://productpage:9080/productpage'
				].join('\n')
			),
			out
		});
		expect(result.exitCode).toBe(0);
		expect(checks(out)?.slice(2)).toEqual([
			{
				title: 'Apply authorizationpolicy deny-curl',
				check: [
					{
						name: 'authorizationpolicy deny-curl in default exists',
						resource: {
							kind: 'authorizationpolicy',
							name: 'deny-curl',
							namespace: 'default',
							fields: { 'spec.selector.matchLabels.app': 'productpage', 'spec.action': 'DENY' }
						}
					}
				]
			},
			{
				title: 'Send a request from curl to productpage',
				check: [
					{
						name: "curl's request to productpage was denied by default/deny-curl",
						traffic: {
							from: 'curl',
							to: 'productpage',
							mtls: true,
							result: 'denied',
							policy: 'default/deny-curl'
						}
					}
				]
			}
		]);
		expect(await checkLessons([out])).toEqual([]);
	}, 60_000);

	it('a failed command: exit 1, named in a message, kept in the draft as a comment, the rest still replays', async () => {
		const out = join(root, '09-typo');
		const result = await recordLesson({
			script: script(
				'typo.sh',
				[
					'kubectl create namespace demo',
					'kubectl lable namespace demo team=a',
					'kubectl label namespace demo team=a'
				].join('\n')
			),
			out,
			scenario: 'empty'
		});
		expect(result.exitCode).toBe(1);
		expect(result.messages[0]).toMatch(
			/^`kubectl lable namespace demo team=a` failed \(exit 1\): error: unknown command "lable" for "kubectl"; kept in the draft as a comment$/
		);
		const text = readFileSync(join(out, 'lesson.md'), 'utf8');
		expect(text).toContain(
			'```solution\n# lessons:record: this command failed (exit 1): error: unknown command "lable" for "kubectl"\n# kubectl lable namespace demo team=a\nkubectl label namespace demo team=a\n```'
		);
		expect(checks(out)?.map((s) => s.check[0]?.name)).toEqual([
			'namespace demo exists',
			'namespace demo has team=a'
		]);
		expect(await checkLessons([out])).toEqual([]);
	}, 60_000);

	it('a command that never ends is stopped with Ctrl-C after the budget, and recording goes on', async () => {
		const out = join(root, '12-endless');
		const result = await recordLesson({
			script: script('endless.sh', 'while true; do echo x; done\nkubectl create namespace after\n'),
			out,
			scenario: 'empty',
			budgetMs: 300
		});
		expect(result.exitCode).toBe(1);
		expect(result.messages[0]).toBe(
			'`while true; do echo x; done` failed (exit 130): still running after 0.3 s, stopped with Ctrl-C; kept in the draft as a comment'
		);
		expect(loadLessonDir(out).lesson?.steps.map((s) => [s.title, s.solution])).toEqual([
			['Create namespace after', ['kubectl create namespace after']]
		]);
		expect(readFileSync(join(out, 'lesson.md'), 'utf8')).toContain(
			'# lessons:record: this command failed (exit 130): still running after 0.3 s, stopped with Ctrl-C\n# while true; do echo x; done\n'
		);
	}, 30_000);

	it('bad input: a missing script, an existing lesson, a script with nothing that ran', async () => {
		expect(await recordLesson({ script: join(root, 'nope.sh') })).toEqual({
			exitCode: 1,
			messages: [`cannot read ${join(root, 'nope.sh')}: ENOENT`]
		});
		const taken = join(root, '10-taken');
		await recordLesson({
			script: script('one.sh', 'kubectl create namespace x\n'),
			out: taken,
			scenario: 'empty'
		});
		const before = readFileSync(join(taken, 'lesson.md'), 'utf8');
		const again = await recordLesson({
			script: join(root, 'one.sh'),
			out: taken,
			scenario: 'empty'
		});
		expect(again.exitCode).toBe(1);
		expect(again.messages).toEqual([
			expect.stringMatching(/10-taken\/lesson\.md already exists: not overwriting it$/)
		]);
		expect(readFileSync(join(taken, 'lesson.md'), 'utf8')).toBe(before);
		expect(await recordLesson({ script: join(root, 'one.sh'), out: join(root, 'one.sh') })).toEqual(
			{
				exitCode: 1,
				messages: [`--out ${join(root, 'one.sh')} is a file, not a folder`]
			}
		);
		const none = await recordLesson({
			script: script('bad.sh', 'kubectl get nosuchthing\n'),
			out: join(root, '11-none'),
			scenario: 'empty'
		});
		expect(none.exitCode).toBe(1);
		expect(none.messages.at(-1)).toMatch(/bad\.sh has no command that ran: nothing to draft$/);
		expect(existsSync(join(root, '11-none'))).toBe(false);
	}, 60_000);

	it('the command exits 1 with a clear message on a missing script', () => {
		const run = spawnSync('npx', ['tsx', 'scripts/lessons-record.ts', join(root, 'missing.sh')], {
			cwd: resolve(import.meta.dirname, '..', '..'),
			encoding: 'utf8'
		});
		expect(run.status).toBe(1);
		expect(run.stderr).toBe(`lessons:record: cannot read ${join(root, 'missing.sh')}: ENOENT\n`);
	}, 30_000);
});
