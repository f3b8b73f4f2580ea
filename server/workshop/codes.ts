/**
 * Workshop codes and instructor secrets. A code is public (it is in the join URL) but must not be
 * guessable: 12 characters of a 36-letter alphabet, 62 bits. A secret is 128 random bits, base64url;
 * the hub keeps only its SHA-256 (the secret is random, so no slow hash is needed) and compares in
 * constant time.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newCode(): string {
	const groups: string[] = [];
	for (let g = 0; g < 3; g++) {
		let group = '';
		for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)];
		groups.push(group);
	}
	return groups.join('-');
}

export function newSecret(): string {
	return randomBytes(16).toString('base64url');
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
	const a = Buffer.from(hashSecret(secret), 'base64url');
	const b = Buffer.from(storedHash, 'base64url');
	return a.length === b.length && timingSafeEqual(a, b);
}
