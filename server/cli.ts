/**
 * `npm run workshop`: serve the playground and a workshop hub from one process and print the
 * instructor's and the learners' links. Builds dist/ first when it is missing (or with --build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWorkshopServer, type WorkshopServerOptions } from './workshop/server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = `Usage: npm run workshop -- [options]

  --port N            port to listen on (default 8080; 0 picks a free one)
  --host HOST         address to listen on (default 127.0.0.1; 0.0.0.0 for a room's network)
  --lessons LIST      lessons for the class, by folder number or id: 03,05,07 (default: all)
  --title TEXT        the workshop's title
  --redis URL         share workshops with other hub instances through Redis (redis://host:6379)
  --data DIR          where the hub keeps workshops without Redis (default .workshop/)
  --code CODE         resume (or create) this workshop code; with --secret
  --secret SECRET     the instructor secret of the workshop to resume
  --stuck-minutes N   flag a learner with no progress for N minutes (default 5)
  --allow-origin URL  also accept sockets from this origin (repeatable)
  --public-url URL    the address learners use, when behind a reverse proxy
  --build             rebuild dist/ first
  --no-static         serve the hub only (no dist/ needed)
  -h, --help          this text`;

function fail(message: string): never {
	process.stderr.write(`error: ${message}\n\n${USAGE}\n`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({
		options: {
			port: { type: 'string', default: '8080' },
			host: { type: 'string', default: '127.0.0.1' },
			lessons: { type: 'string' },
			title: { type: 'string' },
			redis: { type: 'string' },
			data: { type: 'string' },
			code: { type: 'string' },
			secret: { type: 'string' },
			'stuck-minutes': { type: 'string' },
			'allow-origin': { type: 'string', multiple: true },
			'public-url': { type: 'string' },
			build: { type: 'boolean' },
			'no-static': { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
} catch (err) {
	fail((err as Error).message);
}
const { values } = parsed;
if (values.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
	fail(`--port must be 0–65535, not "${values.port}"`);
const stuck = values['stuck-minutes'] === undefined ? undefined : Number(values['stuck-minutes']);
if (stuck !== undefined && !(stuck > 0)) fail('--stuck-minutes must be a positive number');
if (values.redis && !/^rediss?:\/\//.test(values.redis))
	fail('--redis must be a redis:// or rediss:// URL');
if (values.code !== undefined && values.secret === undefined)
	fail('--code needs --secret to resume a workshop');

const distDir = resolve(ROOT, 'dist');
if (!values['no-static'] && (values.build || !existsSync(resolve(distDir, 'index.html')))) {
	process.stderr.write('Building the playground (vite build)…\n');
	const built = spawnSync('npx', ['vite', 'build'], {
		cwd: ROOT,
		stdio: ['ignore', 'inherit', 'inherit']
	});
	if (built.status !== 0) fail('vite build failed');
}

const options: WorkshopServerOptions = {
	port,
	host: values.host,
	distDir: values['no-static'] ? null : distDir,
	...(values.lessons ? { lessons: values.lessons.split(',') } : {}),
	...(values.title ? { title: values.title } : {}),
	...(values.redis ? { redisUrl: values.redis } : {}),
	...(values.data ? { dataDir: values.data } : {}),
	...(values.code ? { code: values.code } : {}),
	...(values.secret ? { secret: values.secret } : {}),
	...(stuck !== undefined ? { stuckMinutes: stuck } : {}),
	...(values['allow-origin'] ? { allowOrigins: values['allow-origin'] } : {}),
	...(values['public-url'] ? { publicUrl: values['public-url'] } : {})
};

let server;
try {
	server = await startWorkshopServer(options);
} catch (err) {
	fail((err as Error).message);
}
process.stdout.write(
	[
		`Workshop ${server.code}: ${server.lessons.length ? server.lessons.join(', ') : 'all lessons'}`,
		`Instructor: ${server.instructorUrl}`,
		`Learners join: ${server.joinUrl}`,
		`Presenter: ${server.presenterUrl}`,
		`Resume later with: npm run workshop -- --code ${server.code} --secret ${server.secret}`,
		''
	].join('\n')
);

let stopping = false;
const stop = (signal: string) => {
	if (stopping) process.exit(1);
	stopping = true;
	process.stderr.write(`\n${signal}: stopping the workshop hub…\n`);
	server.close().then(
		() => process.exit(0),
		() => process.exit(1)
	);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
