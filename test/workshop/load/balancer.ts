/**
 * A round-robin TCP load balancer on loopback, standing in for the one in front of several hub
 * instances: each new connection goes to the next backend that accepts it, so when an instance
 * dies its learners' reconnects land on a live one. WebSocket-only clients need no stickiness.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
	readonly url: string;
	close(): Promise<void>;
}

export async function startBalancer(backends: readonly number[]): Promise<Balancer> {
	let next = 0;
	const open = new Set<Socket>();
	const dial = (client: Socket, tries: number): void => {
		if (tries >= backends.length || client.destroyed) {
			client.destroy();
			return;
		}
		const port = backends[next++ % backends.length]!;
		const upstream = connect(port, '127.0.0.1');
		let connected = false;
		upstream.once('connect', () => {
			connected = true;
			open.add(upstream);
			client.pipe(upstream).pipe(client);
			client.resume();
		});
		// Refused before connecting: that instance is down, try the next one.
		upstream.on('error', () => {
			if (!connected) dial(client, tries + 1);
		});
		upstream.once('close', () => {
			open.delete(upstream);
			if (connected) client.destroy();
		});
		client.once('close', () => upstream.destroy());
	};
	const server: Server = createServer({ pauseOnConnect: true }, (client) => {
		open.add(client);
		client.on('error', () => client.destroy());
		client.once('close', () => open.delete(client));
		dial(client, 0);
	});
	await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((ok) => {
				for (const s of open) s.destroy();
				server.close(() => ok());
			})
	};
}
