/**
 * kennethreitz/httpbin's gunicorn command line (its Dockerfile CMD is
 * `gunicorn -b 0.0.0.0:80 httpbin:app -k gevent`; gunicorn's `-k/--worker-class` defaults to
 * `sync`, `--access-logfile -` logs to stdout), as the mirroring task's Deployments override it.
 */
import { describe, expect, it } from 'vitest';
import { gunicornOptions } from '../../../src/mesh/apps/httpbin.ts';

describe('gunicorn options', () => {
	it.each([
		['the image CMD', undefined, { worker: 'gevent', accessLog: false }],
		[
			"the mirroring task's command",
			['gunicorn', '--access-logfile', '-', '-b', '0.0.0.0:80', 'httpbin:app'],
			{ worker: 'sync', accessLog: true }
		],
		[
			'an explicit worker, a log file',
			['gunicorn', '-k', 'gevent', '--access-logfile', '/tmp/a.log', 'httpbin:app'],
			{ worker: 'gevent', accessLog: false }
		]
	])('%s', (_name, command, want) => {
		expect(gunicornOptions(command)).toEqual(want);
	});
});
