/**
 * A headless learner: joins with a display name, then works through a lesson at a human pace
 * (a command every few seconds; checks turn green, steps pass, a hint now and then), sending its
 * whole progress on each change as the page does, and again with every (re)join. While
 * disconnected it sends nothing: the join on reconnect carries the latest state.
 */
import type { Socket } from 'socket.io-client';
import { EVENTS, type LearnerProgress } from '../../../src/workshop/protocol.ts';
import { ask, connect } from '../client.ts';

const COMMANDS = [
	'kubectl get pods -A',
	'kubectl label namespace default istio.io/dataplane-mode=ambient',
	'istioctl ztunnel-config workloads',
	'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage',
	'kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml',
	'istioctl waypoint apply --enroll-namespace --wait'
];

export interface LearnerStats {
	/** seq → performance.now() when sent, for the instructor's latency figure. */
	readonly sentAt: Map<number, number>;
	/** Seqs the hub acknowledged taking. */
	readonly acked: number[];
	joins: number;
	disconnects: number;
	/** Acks refusing a message, and messages whose ack never came (in flight when a hub died). */
	errors: number;
	timeouts: number;
}

export class SimLearner {
	readonly id: string;
	readonly name: string;
	readonly stats: LearnerStats = {
		sentAt: new Map(),
		acked: [],
		joins: 0,
		disconnects: 0,
		errors: 0,
		timeouts: 0
	};
	readonly socket: Socket;
	#state: LearnerProgress;
	#joined = false;
	#code: string;
	#rand: () => number;

	constructor(url: string, code: string, index: number, rand: () => number) {
		this.id = `load-${index}`;
		this.name = `Learner ${index}`;
		this.#code = code;
		this.#rand = rand;
		const now = Date.now();
		this.#state = {
			seq: 0,
			sentAt: now,
			lesson: 'join-the-mesh',
			lessonTitle: 'Join the mesh with one label',
			step: 1,
			stepTitle: 'Step 1',
			stepsTotal: 4,
			stepsDone: 0,
			checksPassed: 0,
			checksTotal: 3,
			stepStartedAt: now,
			lastProgressAt: now,
			hintsUsed: 0,
			solveUsed: false,
			stepPassed: false,
			failing: null,
			recentCommands: [],
			ready: null
		};
		this.socket = connect(url);
		this.socket.on('connect', () => void this.#join());
		this.socket.on('disconnect', () => {
			this.#joined = false;
			this.stats.disconnects++;
		});
	}

	get lastSeq(): number {
		return this.#state.seq;
	}
	get joined(): boolean {
		return this.#joined;
	}

	async #join(): Promise<void> {
		const state = this.#state;
		const ack = await ask(this.socket, EVENTS.learnerJoin, {
			code: this.#code,
			name: this.name,
			learnerId: this.id,
			progress: state
		}).catch(() => ({ ok: false as const, error: 'timeout' }));
		if (!ack.ok) {
			this.stats.errors++;
			return;
		}
		this.#joined = true;
		this.stats.joins++;
		// Something happened while the join was on its way: send it now, as the page would.
		if (this.#state !== state) this.#send();
	}

	/** One thing the learner did: a command, maybe a check turning green, maybe the next step. */
	act(): void {
		const s = this.#state;
		const now = Date.now();
		const command = {
			text: COMMANDS[Math.floor(this.#rand() * COMMANDS.length)]!,
			exitCode: this.#rand() < 0.8 ? 0 : 1
		};
		let { step, checksPassed, stepsDone, hintsUsed, stepStartedAt, lastProgressAt } = s;
		let failing = s.failing;
		if (this.#rand() < 0.5) {
			checksPassed++;
			lastProgressAt = now;
			failing = null;
		} else {
			failing = {
				name: 'pods in the mesh',
				evidence: ['productpage-v1: plaintext to reviews'],
				count: (failing?.count ?? 0) + 1
			};
		}
		if (this.#rand() < 0.1) hintsUsed++;
		if (checksPassed >= s.checksTotal && step !== null) {
			step = step >= s.stepsTotal ? 1 : step + 1;
			stepsDone = Math.min(s.stepsTotal, stepsDone + 1);
			checksPassed = 0;
			hintsUsed = 0;
			stepStartedAt = now;
			failing = null;
		}
		this.#state = {
			...s,
			seq: s.seq + 1,
			sentAt: now,
			step,
			stepTitle: `Step ${step}`,
			checksPassed,
			stepsDone,
			hintsUsed,
			stepStartedAt,
			lastProgressAt,
			failing,
			recentCommands: [...s.recentCommands, command].slice(-5)
		};
		if (this.#joined) this.#send();
	}

	#send(): void {
		const { seq } = this.#state;
		this.stats.sentAt.set(seq, performance.now());
		ask(this.socket, EVENTS.learnerProgress, this.#state, 10_000).then(
			(ack) => {
				if (ack.ok) {
					this.stats.acked.push(seq);
					return;
				}
				this.stats.errors++;
				// The hub lost track of us (it restarted between our reconnect and this send): rejoin.
				if (/join the workshop first/.test(ack.error)) void this.#join();
			},
			() => this.stats.timeouts++
		);
	}

	close(): void {
		this.socket.disconnect();
	}
}
