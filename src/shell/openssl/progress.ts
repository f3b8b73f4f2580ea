/**
 * The progress characters OpenSSL 3's `req -newkey rsa:N` writes to stderr while it searches for
 * primes (apps/req.c sets `genpkey_cb`: `.` a candidate, `+` a Miller-Rabin round passed, `*` a
 * probable prime found, a newline per RSA prime). Their count depends on the real search, which
 * WebCrypto hides; this draws the same shape from a generator seeded by the key file's name and
 * the sim time, so a transcript repeats whatever ran before it in the process.
 */
import { createRng, hashString } from '../../mesh/random.ts';

function primeLine(next: () => number): string {
	let line = '';
	for (let found = 0; found < 2; found++) {
		const misses = 1 + Math.floor(next() * 6);
		for (let m = 0; m < misses; m++) line += '.'.repeat(1 + Math.floor(next() * 9)) + '+';
		line += '+'.repeat(38) + '*';
	}
	return line + '.'.repeat(Math.floor(next() * 12)) + '\n';
}

/** Two lines, one per prime of a two-prime RSA key. */
export function keygenProgress(keyFile: string, simNow: number): string {
	const rng = createRng(hashString(`${keyFile}@${simNow}`));
	return primeLine(rng.next) + primeLine(rng.next);
}
