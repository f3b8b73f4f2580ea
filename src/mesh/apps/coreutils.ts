/**
 * The small binaries every image has (`sleep`, `hostname`, `env`, `date`, `true`, `false`), for
 * `kubectl exec` into any pod. Messages follow busybox/coreutils.
 */
import type { Binary, ContainerSpec } from '../runtime/host.ts';
import { ms } from '../types.ts';
import { wait } from '../clock.ts';
import { SIM_EPOCH_MS } from '../epoch.ts';

/** Longest sleep an exec may take: a longer one would drag the whole cluster's clock with it. */
const MAX_SLEEP_SECONDS = 3600;

const sleep: Binary = async (argv, io, ctx) => {
	const args = argv.slice(1);
	if (args.length === 0) {
		io.stderr("sleep: missing operand\nTry 'sleep --help' for more information.\n");
		return 1;
	}
	let total = 0;
	for (const a of args) {
		if (a === 'infinity' || a === 'inf') return 0;
		const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
		if (!m) {
			io.stderr(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
			return 1;
		}
		const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
		total += Number(m[1]) * unit;
	}
	await wait(ctx.clock, ms(Math.min(total, MAX_SLEEP_SECONDS) * 1000));
	return 0;
};

const hostname: Binary = async (_argv, io, ctx) => {
	io.stdout(`${ctx.spec.name}\n`);
	return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * `date` with no operand: the time now in UTC (pods have no TZ), in the C locale's format both
 * busybox and coreutils print, `%a %b %e %H:%M:%S %Z %Y`. Formats and setting the clock are not
 * simulated and say so.
 */
const date: Binary = async (argv, io, ctx) => {
	if (argv.length > 1) {
		io.stderr(`date: ${argv.slice(1).join(' ')}: only plain \`date\` is simulated\n`);
		return 1;
	}
	const d = new Date(SIM_EPOCH_MS + ctx.clock.now());
	io.stdout(
		`${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
			`${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}\n`
	);
	return 0;
};

const yes =
	(code: number): Binary =>
	async () =>
		code;

/** `env`/`printenv`: the container's env plus what the runtime always sets. */
function envBinary(container: () => ContainerSpec | undefined): Binary {
	return async (argv, io, ctx) => {
		const vars: [string, string][] = [
			['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
			['HOSTNAME', ctx.spec.name],
			// The pod's env and kubelet's service links (cluster/service-env.ts).
			...Object.entries(container()?.env ?? {}),
			['HOME', '/root']
		];
		const wanted = argv[0]?.endsWith('printenv') ? argv.slice(1) : [];
		if (wanted.length > 0) {
			let code = 0;
			for (const w of wanted) {
				const hit = vars.find(([k]) => k === w);
				if (hit) io.stdout(`${hit[1]}\n`);
				else code = 1;
			}
			return code;
		}
		io.stdout(vars.map(([k, v]) => `${k}=${v}\n`).join(''));
		return 0;
	};
}

export function coreutils(container: () => ContainerSpec | undefined): Record<string, Binary> {
	const env = envBinary(container);
	return { sleep, hostname, env, printenv: env, date, true: yes(0), false: yes(1) };
}
