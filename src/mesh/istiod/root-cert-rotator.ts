/**
 * istiod's self-signed root rotation. Mirrors istio security/pkg/pki/ca/selfsignedcarootcertrotator.go
 * (SelfSignedCARootCertRotator: a jittered start, then a check every
 * CITADEL_SELF_SIGNED_ROOT_CERT_CHECK_INTERVAL) and security/pkg/util/certutil.go GetWaitTime
 * (rotate once less than CITADEL_SELF_SIGNED_ROOT_CERT_GRACE_PERIOD_PERCENTILE of the root's
 * lifetime is left). The new root keeps the key and subject; workloads get it with their next
 * certificate (ztunnel renews at half-life), and trust both roots meanwhile.
 */
import type { Cancel, Clock } from '../clock.ts';
import type { Rng } from '../random.ts';
import { simDate } from '../tls/certificate.ts';
import { type SimMillis, ms } from '../types.ts';
import { type IstioCa, formatGoDuration } from './ca.ts';

/** security/pkg/cmd/constants.go DefaultSelfSignedRootCertCheckInterval. */
export const ROOT_CERT_CHECK_INTERVAL = ms(3_600_000);
/** DefaultRootCertGracePeriodPercentile. */
export const ROOT_CERT_GRACE_PERIOD_PERCENTILE = 20;

export interface RotatorOptions {
	readonly ca: IstioCa;
	readonly clock: Pick<Clock, 'now' | 'after'>;
	/** Draws the start jitter (CITADEL_ENABLE_JITTER_FOR_ROOT_CERT_ROTATOR, on by default). */
	readonly rng?: Rng;
	/** Zero or negative disables checks and rotation, as in istiod. */
	readonly checkInterval?: SimMillis;
	readonly gracePeriodPercentile?: number;
	/** istiod's `rootcertrotator` log scope. */
	readonly log?: (level: 'info' | 'error', message: string) => void;
	/** After a rotation (istiod pushes the new root: `onRootCertUpdate`). */
	readonly onRotated?: (root: IstioCa['root']) => void;
}

/**
 * GetWaitTime: how long until the grace period starts; `undefined` once inside it (rotate now),
 * with istio's reason.
 */
export function rootWaitTime(
	root: IstioCa['root'],
	now: SimMillis,
	gracePercentile: number
): { wait: number } | { rotate: string } {
	const at = simDate(now).getTime();
	const toExpire = root.notAfter.getTime() - at;
	if (toExpire < 0)
		return {
			rotate: `certificate already expired at ${root.notAfter.toISOString()}, but now is ${simDate(now).toISOString()}`
		};
	const grace = (root.notAfter.getTime() - root.notBefore.getTime()) * (gracePercentile / 100);
	const wait = toExpire - grace;
	return wait < 0 ? { rotate: 'got a certificate that should be renewed now' } : { wait };
}

export interface RootCertRotator {
	/** One check (a tick of the ticker); resolves once a rotation it started is done. */
	check(): Promise<void>;
	/** Resolves when the check the ticker last started has finished. */
	idle(): Promise<void>;
	stop(): void;
}

export function startRootCertRotator(options: RotatorOptions): RootCertRotator {
	const interval = options.checkInterval ?? ROOT_CERT_CHECK_INTERVAL;
	const grace = options.gracePeriodPercentile ?? ROOT_CERT_GRACE_PERIOD_PERCENTILE;
	const log = options.log ?? (() => {});
	let timer: Cancel | undefined;
	let stopped = false;
	let running: Promise<void> = Promise.resolve();

	async function check(): Promise<void> {
		log('info', 'Check and rotate root cert.');
		const verdict = rootWaitTime(options.ca.root, options.clock.now(), grace);
		if ('wait' in verdict) {
			log('info', 'Root cert is not about to expire, skipping root cert rotation.');
			return;
		}
		log('info', `Refresh root certificate, root cert is about to expire: ${verdict.rotate}`);
		try {
			const root = await options.ca.rotateRoot();
			log('info', 'Root certificate rotation is completed successfully.');
			options.onRotated?.(root);
		} catch (e) {
			log(
				'error',
				`unable to generate CA cert and key for self-signed CA: ${e instanceof Error ? e.message : String(e)}`
			);
		}
	}

	const tick = (): void => {
		if (stopped) return;
		timer = options.clock.after(interval, () => {
			running = check().finally(tick);
		});
	};

	if (interval > 0) {
		// Whole seconds in [0, interval), as the rotator's back-off.
		const backOff = options.rng ? ms(Math.floor(options.rng.int(interval) / 1000) * 1000) : ms(0);
		if (options.rng) {
			log('info', `Set up back off time ${formatGoDuration(backOff)} to start rotator.`);
			log(
				'info',
				`Jitter is enabled, wait ${formatGoDuration(backOff)} before starting root cert rotator.`
			);
		}
		timer = options.clock.after(backOff, () => {
			if (options.rng) log('info', 'Jitter complete, start rotator.');
			tick();
		});
	}

	return {
		check,
		idle: () => running,
		stop() {
			stopped = true;
			timer?.();
		}
	};
}
