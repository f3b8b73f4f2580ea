/**
 * One hub process: an HTTP server for the built playground, socket.io on `/socket.io/` at the
 * same origin, and a store. Embedded by default (file store, one process); with `redisUrl`, the
 * store is Redis and `@socket.io/redis-adapter` carries broadcasts and `fetchSockets()` between
 * any number of instances, so a learner on one appears on an instructor's dashboard on another.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import { LIMITS } from '../../src/workshop/protocol.ts';
import { CODE_PATTERN } from '../../src/workshop/validate.ts';
import { hashSecret, newCode, newSecret, secretMatches } from './codes.ts';
import { Hub, type HubServer } from './hub.ts';
import { registerInstructor } from './instructor.ts';
import { registerLearner } from './learner.ts';
import { loadCatalog, resolveLessons, type CatalogLesson } from './lesson-catalog.ts';
import { RedisStore } from './redis-store.ts';
import { noPage, staticFiles } from './static-files.ts';
import { FileStore, type WorkshopRecord, type WorkshopStore } from './store.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface WorkshopServerOptions {
	/** 0 (the default) picks a free port. */
	readonly port?: number;
	/** Default 127.0.0.1. */
	readonly host?: string;
	/** The built playground to serve; default `dist/`; null serves no page (the hub only). */
	readonly distDir?: string | null;
	/** Lesson folder numbers or ids (`03`, `join-the-mesh`); empty or absent: all lessons. */
	readonly lessons?: readonly string[];
	readonly title?: string;
	/** Share workshops with other instances through this Redis (`redis://host:port`). */
	readonly redisUrl?: string;
	/** The file store's folder when there is no Redis; default `.workshop/`. */
	readonly dataDir?: string;
	readonly stuckMinutes?: number;
	/** Resume (or create with) this workshop code and instructor secret. */
	readonly code?: string;
	readonly secret?: string;
	/** Origins other than the hub's own allowed to open a socket (see docs/workshop.md). */
	readonly allowOrigins?: readonly string[];
	/** Per connection: messages at once and per second. */
	readonly rate?: { readonly burst: number; readonly perSecond: number };
	/** Learners one workshop takes; default LIMITS.learners (2000). */
	readonly maxLearners?: number;
	/** Disconnected learners' commands and evidence are dropped after this many minutes. */
	readonly detailsTtlMinutes?: number;
	/** The public base URL printed in the links, when behind a proxy (`https://class.example.org`). */
	readonly publicUrl?: string;
}

export interface WorkshopServer {
	/** `http://HOST:PORT` the hub listens on (or `publicUrl`). */
	readonly url: string;
	readonly port: number;
	readonly code: string;
	/** Only the process that started the hub has it; printed in the instructor URL. */
	readonly secret: string;
	readonly instructorUrl: string;
	readonly joinUrl: string;
	readonly presenterUrl: string;
	readonly lessons: readonly string[];
	close(): Promise<void>;
}

/** Same origin as the hub (the Host header), no Origin (not a browser), or an allowed one. */
function originAllowed(req: IncomingMessage, allow: readonly string[]): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (allow.includes(origin)) return true;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

async function openWorkshop(
	store: WorkshopStore,
	options: WorkshopServerOptions,
	catalog: readonly CatalogLesson[]
): Promise<{ record: WorkshopRecord; secret: string }> {
	if (options.code !== undefined && !CODE_PATTERN.test(options.code))
		throw new Error(`workshop code "${options.code}" is not of the form xxxx-xxxx-xxxx`);
	const stored = options.code ? await store.get(options.code) : undefined;
	if (stored) {
		if (!options.secret)
			throw new Error(`workshop ${stored.code} exists: give its --secret to resume it`);
		if (!secretMatches(options.secret, stored.secretHash))
			throw new Error(`wrong secret for workshop ${stored.code}`);
		return { record: stored, secret: options.secret };
	}
	const lessons = resolveLessons(options.lessons ?? [], catalog);
	if ('error' in lessons) throw new Error(lessons.error);
	if (options.secret !== undefined && options.secret.length < 22)
		throw new Error('an instructor secret must be at least 22 characters (128 bits, base64url)');
	const secret = options.secret ?? newSecret();
	const record: WorkshopRecord = {
		code: options.code ?? newCode(),
		title: options.title ?? 'Istio ambient workshop',
		lessons: lessons.ids,
		secretHash: hashSecret(secret),
		hold: null,
		announcements: [],
		readyCheck: null,
		stuckMinutes: options.stuckMinutes ?? 5,
		createdAt: Date.now()
	};
	await store.put(record);
	return { record, secret };
}

interface RedisPair {
	readonly pub: RedisClientType;
	readonly sub: RedisClientType;
}

/**
 * Two Redis connections (the adapter needs one for publishing, one subscribed). Unreachable at
 * start: a clear error after a few tries. Lost later: reconnect for ever, logging once per outage,
 * while learners' tabs carry on and re-send when the hub is whole again.
 */
async function connectRedis(url: string): Promise<RedisPair> {
	let connected = false;
	let lastError: Error | undefined;
	const make = (): RedisClientType => {
		let down = false;
		const client = createClient({
			url,
			socket: {
				reconnectStrategy: (retries: number, cause: Error) => {
					if (connected) return Math.min(100 * 2 ** retries, 2000);
					lastError = cause;
					return retries >= 3 ? cause : 200;
				}
			}
		}) as RedisClientType;
		// Without a listener node-redis throws on a lost connection.
		client.on('error', (err: Error) => {
			if (!connected || down) return;
			down = true;
			console.error(`workshop hub: lost Redis (${err.message}); reconnecting…`);
		});
		client.on('ready', () => {
			if (down) console.error('workshop hub: Redis is back');
			down = false;
		});
		return client;
	};
	const pub = make();
	const sub = make();
	const results = await Promise.allSettled([pub.connect(), sub.connect()]);
	const failed = results.find((r) => r.status === 'rejected');
	if (failed) {
		for (const c of [pub, sub]) if (c.isOpen) c.destroy();
		throw new Error(`cannot reach Redis at ${url}: ${lastError?.message ?? String(failed.reason)}`);
	}
	connected = true;
	return { pub, sub };
}

/** The host to print in links: a wildcard address becomes this machine's first LAN address. */
function linkHost(host: string): string {
	if (host === '0.0.0.0' || host === '::') {
		const lan = Object.values(networkInterfaces())
			.flat()
			.find((a) => a && a.family === 'IPv4' && !a.internal);
		return lan?.address ?? '127.0.0.1';
	}
	return host.includes(':') ? `[${host}]` : host;
}

export async function startWorkshopServer(
	options: WorkshopServerOptions = {}
): Promise<WorkshopServer> {
	const catalog = loadCatalog();
	// Behind a proxy the page's origin is the public URL's.
	const allow = [
		...(options.allowOrigins ?? []),
		...(options.publicUrl ? [new URL(options.publicUrl).origin] : [])
	];
	const serveStatic =
		options.distDir === null ? noPage : staticFiles(options.distDir ?? resolve(ROOT, 'dist'));
	const http = createServer((req, res) => serveStatic(req, res));
	const io: HubServer = new Server(http, {
		serveClient: false,
		// socket.io drops a connection whose frame exceeds this; messages under it but over the
		// protocol's limit get an error ack instead (validate.ts).
		maxHttpBufferSize: LIMITS.messageBytes * 4,
		pingInterval: 10_000,
		pingTimeout: 10_000,
		allowRequest: (req, callback) =>
			callback(originAllowed(req, allow) ? null : 'origin not allowed', originAllowed(req, allow))
	});

	let redis: RedisPair | undefined;
	let store: WorkshopStore;
	if (options.redisUrl) {
		redis = await connectRedis(options.redisUrl);
		io.adapter(createAdapter(redis.pub, redis.sub));
		store = new RedisStore(redis.pub);
	} else {
		store = await FileStore.open(resolve(options.dataDir ?? resolve(ROOT, '.workshop')));
	}

	let opened: { record: WorkshopRecord; secret: string };
	try {
		opened = await openWorkshop(store, options, catalog);
	} catch (err) {
		io.close();
		await redis?.pub.quit();
		await redis?.sub.quit();
		throw err;
	}

	const hub = new Hub({
		io,
		store,
		catalog,
		...(options.rate ? { rate: options.rate } : {}),
		...(options.maxLearners ? { maxLearners: options.maxLearners } : {}),
		detailsTtlMs: (options.detailsTtlMinutes ?? 10) * 60_000
	});
	const codesSeen = new Set<string>([opened.record.code]);
	io.on('connection', (socket) => {
		hub.guardUnknownEvents(socket);
		registerLearner(hub, socket);
		registerInstructor(hub, socket);
		socket.on('disconnect', () => {
			if (socket.data.code) codesSeen.add(socket.data.code);
		});
	});
	const ttlMs = (options.detailsTtlMinutes ?? 10) * 60_000;
	const sweep = setInterval(
		() => hub.track(hub.sweep(codesSeen), 'sweep'),
		Math.min(60_000, Math.max(100, ttlMs / 2))
	);
	sweep.unref();

	const host = options.host ?? '127.0.0.1';
	try {
		await new Promise<void>((ok, fail) => {
			http.once('error', fail);
			http.listen(options.port ?? 0, host, () => ok());
		});
	} catch (err) {
		clearInterval(sweep);
		io.close();
		if (redis) await Promise.allSettled([redis.pub.quit(), redis.sub.quit()]);
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE')
			throw new Error(`port ${options.port} on ${host} is in use: choose another with --port`, {
				cause: err
			});
		if (code === 'EACCES')
			throw new Error(`no permission to listen on port ${options.port}: use one above 1023`, {
				cause: err
			});
		throw err;
	}
	const port = (http.address() as AddressInfo).port;
	const shownHost = linkHost(host);
	const url = (options.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/$/, '');
	const { code } = opened.record;
	const secret = encodeURIComponent(opened.secret);

	return {
		url,
		port,
		code,
		secret: opened.secret,
		instructorUrl: `${url}/?workshop=${code}&view=instructor#secret=${secret}`,
		joinUrl: `${url}/?workshop=${code}`,
		presenterUrl: `${url}/?workshop=${code}&view=presenter#secret=${secret}`,
		lessons: opened.record.lessons,
		async close() {
			clearInterval(sweep);
			// This instance's learners go first and their offline marks are written while the
			// adapter still hears the other instances: that bookkeeping asks all of them whether
			// the learner is back (fetchSockets), and io.close() unsubscribes the adapter at once,
			// so a question already counted on the others waited out its 5 s timeout and the
			// learner was never marked offline (seen under load in a clean-clone CI run).
			// Their connections close as the whole server's would (not a socket.io disconnect,
			// after which a tab would not reconnect to the restarted hub).
			for (const socket of io.of('/').sockets.values()) socket.conn.close(true);
			await hub.drain();
			const closed = new Promise<void>((ok) => io.close(() => ok()));
			// The HTTP server's close waits for every open connection: a tab's keep-alive page
			// request would hold the stop until it timed out (10 s under load in CI).
			http.closeAllConnections();
			await closed;
			await hub.drain();
			await store.close();
			if (redis) await Promise.allSettled([redis.pub.quit(), redis.sub.quit()]);
		}
	};
}
