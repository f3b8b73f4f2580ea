/**
 * fortio's stats package (stats/stats.go), the numbers of its report: a Counter (count, min,
 * max, sum, the sum of squares for the standard deviation) and a Histogram over fixed bucket
 * boundaries (0…11 by 1, then by 2, 5, 10 … up to 100000, in units of `divider` after `offset`),
 * exported as the non-empty intervals with their cumulative percent, and percentiles
 * interpolated linearly inside the interval that holds them.
 */
import { goG } from './go-format.ts';

const BOUNDS = [
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90,
	100, 120, 140, 160, 180, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 2000, 3000,
	4000, 5000, 7500, 10000, 20000, 30000, 40000, 50000, 75000, 100000
];

export class Counter {
	count = 0;
	min = 0;
	max = 0;
	sum = 0;
	#squares = 0;

	record(v: number): void {
		if (this.count === 0) {
			this.min = v;
			this.max = v;
		} else if (v < this.min) this.min = v;
		else if (v > this.max) this.max = v;
		this.count++;
		this.sum += v;
		this.#squares += v * v;
	}

	/** Counter.Transfer: merges `src`'s data into this one. */
	transfer(src: Counter): void {
		if (src.count === 0) return;
		if (this.count === 0) {
			this.min = src.min;
			this.max = src.max;
		} else {
			this.min = Math.min(this.min, src.min);
			this.max = Math.max(this.max, src.max);
		}
		this.count += src.count;
		this.sum += src.sum;
		this.#squares += src.#squares;
	}

	avg(): number {
		return this.count === 0 ? 0 : this.sum / this.count;
	}

	stdDev(): number {
		if (this.count === 0) return 0;
		const sigma = (this.#squares - (this.sum * this.sum) / this.count) / this.count;
		return sigma < 0 ? 0 : Math.sqrt(sigma);
	}

	/** Counter.Print: `<msg> : count N avg … +/- … min … max … sum …`. */
	line(msg: string): string {
		return `${msg} : count ${this.count} avg ${goG(this.avg(), 8)} +/- ${goG(this.stdDev(), 4)} min ${goG(this.min)} max ${goG(this.max)} sum ${goG(this.sum, 9)}\n`;
	}
}

interface Bucket {
	readonly start: number;
	readonly end: number;
	readonly percent: number;
	readonly count: number;
}

export class Histogram extends Counter {
	readonly #data = new Array<number>(BOUNDS.length + 1).fill(0);
	readonly #offset: number;
	readonly #divider: number;

	constructor(offset: number, divider: number) {
		super();
		this.#offset = offset;
		this.#divider = divider;
	}

	override record(v: number): void {
		super.record(v);
		const scaled = (v - this.#offset) / this.#divider;
		const last = BOUNDS[BOUNDS.length - 1] ?? 0;
		let idx: number;
		if (scaled <= 0) idx = 0;
		else if (scaled > last) idx = BOUNDS.length;
		else {
			// Intervals are open on the left: a value on a boundary belongs to the one below.
			let i = Math.trunc(scaled);
			if (scaled - i < 1e-12) i--;
			idx = BOUNDS.findIndex((b) => b > i);
		}
		this.#data[idx] = (this.#data[idx] ?? 0) + 1;
	}

	/** Histogram.Export: the non-empty buckets, the first starting at min, the last ending at max. */
	buckets(): Bucket[] {
		const out: { start: number; end: number; percent: number; count: number }[] = [];
		let lastIdx = -1;
		for (let i = this.#data.length - 1; i >= 0; i--)
			if ((this.#data[i] ?? 0) > 0) {
				lastIdx = i;
				break;
			}
		let prev = BOUNDS[0] ?? 0;
		let total = 0;
		for (let i = 0; i <= lastIdx; i++) {
			const n = this.#data[i] ?? 0;
			if (n === 0) {
				if (i < BOUNDS.length) prev = BOUNDS[i] ?? prev;
				continue;
			}
			total += n;
			const start = out.length === 0 ? this.min : this.#divider * prev + this.#offset;
			let end = this.max;
			if (i < BOUNDS.length) {
				const cur = BOUNDS[i] ?? 0;
				end = this.#divider * cur + this.#offset;
				prev = cur;
			}
			out.push({ start, end, percent: (100 * total) / this.count, count: n });
		}
		const tail = out[out.length - 1];
		if (tail) tail.end = this.max;
		return out;
	}

	/** HistogramData.CalcPercentile. */
	percentile(p: number, data: readonly Bucket[]): number {
		if (p >= 100) return this.max;
		let pp = 100 / this.count;
		if (p <= pp) return this.min;
		for (const b of data) {
			if (p <= b.percent) return b.start + ((p - pp) / (b.percent - pp)) * (b.end - b.start);
			pp = b.percent;
		}
		return this.max;
	}

	/** HistogramData.Print with the given percentiles. */
	print(msg: string, percentiles: readonly number[]): string {
		const data = this.buckets();
		if (data.length === 0) return `${msg} : no data\n`;
		let s = this.line(msg);
		s += '# range, mid point, percentile, count\n';
		data.forEach((b, i) => {
			s += `${i === 0 ? '>=' : '>'} ${goG(b.start, 6)} <= ${goG(b.end, 6)} , ${goG((b.start + b.end) / 2, 6)} , ${b.percent.toFixed(2)}, ${b.count}\n`;
		});
		for (const p of percentiles) s += `# target ${goG(p)}% ${goG(this.percentile(p, data), 6)}\n`;
		return s;
	}
}
