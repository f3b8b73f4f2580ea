/**
 * Two hub instances sharing one Redis, B resuming A's workshop (lesson 03), as a class behind a
 * load balancer runs them; sockets opened through `open` are closed with the hubs.
 */
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import { startRedis } from '../support/redis.ts';
import { connect } from './client.ts';

export interface TwoHubs {
	readonly a: WorkshopServer;
	readonly b: WorkshopServer;
	/** A socket to one instance, disconnected by `close`. */
	open(url: string): Socket;
	close(): Promise<void>;
}

export async function startTwoHubs(): Promise<TwoHubs> {
	const redis = await startRedis();
	const a = await startWorkshopServer({ redisUrl: redis.url, lessons: ['03'] });
	const b = await startWorkshopServer({ redisUrl: redis.url, code: a.code, secret: a.secret });
	const sockets: Socket[] = [];
	return {
		a,
		b,
		open(url) {
			const s = connect(url);
			sockets.push(s);
			return s;
		},
		async close() {
			for (const s of sockets) s.disconnect();
			await Promise.allSettled([a.close(), b.close()]);
			await redis.stop();
		}
	};
}
