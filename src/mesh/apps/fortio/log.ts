/**
 * fortio.org/log's lines as `kubectl exec` (no terminal) shows them: stderr is not a console, so
 * the library keeps its server defaults (logger.go DefaultConfig, SetDefaultsForClientTools
 * ignored): JSON with a microsecond epoch `ts`, the level name, the goroutine id `r`, the
 * caller's file and line, the message, then each attribute (`%q` strings, plain numbers).
 */
import { simDate } from '../../net/http/message.ts';
import type { SimMillis } from '../../types.ts';

export type LogLevel = 'info' | 'warn' | 'err';

/** Levels fortio's `-loglevel` accepts (case-insensitive), in order. */
export const LEVELS = ['Debug', 'Verbose', 'Info', 'Warning', 'Error', 'Critical', 'Fatal'];

export function jsonLogLine(
	at: SimMillis,
	level: LogLevel,
	goroutine: number,
	caller: readonly [file: string, line: number],
	msg: string,
	attrs: readonly (readonly [string, string | number])[] = []
): string {
	const micros = Math.floor(simDate(at).getTime() * 1000 + ((at * 1000) % 1000));
	const ts = (micros / 1e6).toFixed(6);
	const extra = attrs
		.map(([k, v]) => `,${JSON.stringify(k)}:${typeof v === 'number' ? v : JSON.stringify(v)}`)
		.join('');
	return `{"ts":${ts},"level":"${level}","r":${goroutine},"file":"${caller[0]}","line":${caller[1]},"msg":${JSON.stringify(msg)}${extra}}\n`;
}
