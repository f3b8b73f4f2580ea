/** `npm run sim -- --lesson DIR`: the lesson's replay transcript on stdout; exit 1 if a check failed. */
import { resolve } from 'node:path';
import { replayTranscript } from '../src/lessons/replay-transcript.ts';
import { headlessHost, loadLessonDir } from './lessons-check.ts';

export async function replayLesson(dir: string): Promise<number> {
	const { lesson, problems } = loadLessonDir(resolve(dir));
	if (!lesson) {
		for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
		return 2;
	}
	const host = headlessHost();
	try {
		const ok = await replayTranscript(lesson, host, (t) => process.stdout.write(t));
		return ok ? 0 : 1;
	} finally {
		await host.dispose();
	}
}
