/**
 * `kubectl get -w | --watch-only`: mirrors kubectl pkg/cmd/get/get.go `watch` — print the list
 * (unless --watch-only), then one object per watch event through the same printer, until Ctrl-C
 * (or `--request-timeout`, when the server closes the watch and kubectl exits 0). Tables share
 * one tabwriter whose column widths are remembered across flushes (liggitt/tabwriter
 * RememberWidths, as cli-runtime's GetNewTabWriter sets it), and the header is printed once.
 *
 * Sim time only passes while a command waits, so the watch carries it forward itself, a second
 * at a time, while the objects it watches keep changing; once they rest (QUIET_MS) or after
 * CAP_MS it stops advancing and simply waits for Ctrl-C.
 */
import type { ResourceType, WatchEvent } from '../../mesh/api/api-server.ts';
import { fieldsMatch, parseFieldSelector } from '../../mesh/api/field-selectors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { matchesAll, parseLabelSelector } from '../../mesh/api/selectors.ts';
import { ms } from '../../mesh/types.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { holdCtrlC } from '../ctrl-c-hold.ts';
import { columnsFor } from './printers/columns.ts';
import { clusterNowMs } from './printers/duration.ts';
import { resourceName, toJson, toYaml } from './printers/object.ts';
import { printCustomColumns, type OutputFormat } from './printers/output.ts';
import { tableRows, type TableOptions } from './printers/table.ts';
import { TABLE_TABWRITER } from './printers/tabwriter.ts';

/** Sim time the watch advances per step. */
const STEP_MS = 1000;
/** Stop advancing once nothing watched changed for this long. */
const QUIET_MS = 10_000;
/** …or after this much sim time in all (a crash-looping pod never rests). */
const CAP_MS = 10 * 60_000;

export interface WatchRequest {
	readonly type: ResourceType;
	/** Undefined: all namespaces. */
	readonly namespace: string | undefined;
	/** Named objects only (`kubectl get pod x -w`); empty: the whole list. */
	readonly names: readonly string[];
	readonly labelSelector: string | undefined;
	readonly fieldSelector: string | undefined;
	/** What the list printed first (ignored with --watch-only). */
	readonly initial: readonly KubeObject[];
	readonly format: OutputFormat;
	readonly table: TableOptions;
	readonly watchOnly: boolean;
	/** --output-watch-events: an EVENT column, or WatchEvent objects for yaml/json. */
	readonly outputEvents: boolean;
	/** --request-timeout in ms; 0: none. */
	readonly timeoutMs: number;
}

/** Go's tabwriter with RememberWidths: widths only grow, from one flush to the next. */
export class RememberingTabWriter {
	readonly #widths: number[] = [];

	/** Formats rows as one flush: cells padded to the widest seen so far, the last cell bare. */
	write(rows: readonly (readonly string[])[]): string {
		for (const row of rows)
			row.forEach((cell, j) => {
				if (j === row.length - 1) return;
				const w = Math.max(TABLE_TABWRITER.minwidth, [...cell].length + TABLE_TABWRITER.padding);
				this.#widths[j] = Math.max(this.#widths[j] ?? 0, w);
			});
		return rows
			.map(
				(row) =>
					row
						.map((cell, j) => (j === row.length - 1 ? cell : cell.padEnd(this.#widths[j] ?? 0)))
						.join('') + '\n'
			)
			.join('');
	}
}

/** The printer of get.go's watch: one object (or event) at a time, header once. */
function watchPrinter(
	req: WatchRequest,
	ctx: CommandContext
): (objects: readonly KubeObject[], event: string) => string {
	const tab = new RememberingTabWriter();
	let headerDone = false;
	let printed = 0;
	const kind = columnsFor(ctx.cluster.api, req.type);
	const asEvent = (o: KubeObject, type: string): unknown =>
		req.outputEvents ? { type, object: o } : o;
	return (objects, event) => {
		const format = req.format;
		switch (format.kind) {
			case 'table': {
				const opts = {
					...req.table,
					wide: format.wide,
					noHeaders: headerDone || !!req.table.noHeaders
				};
				let rows = tableRows(objects, kind, opts, { nowMs: clusterNowMs(ctx) });
				if (req.outputEvents)
					rows = rows.map((r, i) => [i === 0 && !opts.noHeaders ? 'EVENT' : event, ...r]);
				headerDone = true;
				return tab.write(rows.map((r) => r.map((c) => c.replace(/[\t\n]/g, ' '))));
			}
			case 'custom-columns': {
				const out = printCustomColumns(
					objects,
					format.columns,
					headerDone || !!req.table.noHeaders
				);
				headerDone = true;
				return out;
			}
			case 'name':
				return objects.map((o) => resourceName(req.type, o) + '\n').join('');
			case 'json':
				return objects.map((o) => toJson(asEvent(o, event))).join('');
			case 'yaml':
				return objects
					.map((o) => (printed++ > 0 ? '---\n' : '') + toYaml(asEvent(o, event)))
					.join('');
			case 'jsonpath':
				return objects
					.map((o) => format.path.execute(JSON.parse(JSON.stringify(asEvent(o, event)))))
					.join('');
		}
	};
}

function sameType(a: ResourceType, b: ResourceType): boolean {
	return a.group === b.group && a.plural === b.plural;
}

/** Runs the watch until Ctrl-C (130) or the request timeout (0). */
export async function runWatch(
	req: WatchRequest,
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : [];
	const fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector, req.type) : [];
	// The list before already checked both selectors.
	if ('error' in labels || 'error' in fields) return 1;
	const print = watchPrinter(req, ctx);
	if (!req.watchOnly && req.initial.length > 0) {
		// One flush for the whole list, as get.go does (yaml still separates each object).
		io.stdout(print(req.initial, 'ADDED'));
	}

	const start = ctx.cluster.now();
	let lastChange = start;
	const watched = (e: WatchEvent): boolean => {
		const o = e.object;
		if (!sameType(e.resource, req.type)) return false;
		if (req.namespace !== undefined && o.metadata.namespace !== req.namespace) return false;
		if (req.names.length > 0 && !req.names.includes(o.metadata.name)) return false;
		return matchesAll(labels, o.metadata.labels) && fieldsMatch(fields, o);
	};
	const unwatch = ctx.cluster.api.watch((e) => {
		if (!watched(e)) return;
		lastChange = ctx.cluster.now();
		io.stdout(print([e.object], e.type));
	});

	const release = holdCtrlC(ctx.signal);
	let wake = (): void => {};
	const aborted = new Promise<void>((resolve) => (wake = resolve));
	ctx.signal.addEventListener('abort', wake, { once: true });
	if (ctx.signal.aborted) wake();
	const deadline = req.timeoutMs > 0 ? start + req.timeoutMs : Infinity;
	try {
		// Carry sim time forward while the watched objects change.
		for (;;) {
			await Promise.race([ctx.cluster.settle(), aborted]);
			if (ctx.signal.aborted) return 130;
			const now = ctx.cluster.now();
			if (now >= deadline) return 0;
			const resting = now - lastChange >= QUIET_MS || now - start >= CAP_MS;
			if (resting && deadline === Infinity) break;
			const step = Math.min(STEP_MS, deadline - now);
			await Promise.race([ctx.cluster.advance(ms(step)), aborted]);
		}
		release();
		await aborted;
		return 130;
	} finally {
		release();
		ctx.signal.removeEventListener('abort', wake);
		unwatch();
	}
}
