/**
 * Date layouts the simulated programs print, in UTC, each named after the layout it is: HTTP's
 * IMF-fixdate and Go's RFC1123Z (`Mon, 02 Jan 2006 15:04:05 GMT|+0000`), Go's ANSIC, which is C's
 * ctime(3) without its newline (`Mon Jan  2 15:04:05 2006`), and the common log format's
 * `02/Jan/2006:15:04:05`. One set of English day and month names, as Go and C have.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');
const hms = (d: Date): string =>
	`${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;

/** `Mon, 02 Jan 2006 15:04:05 ZONE`: IMF-fixdate with `GMT`, Go's RFC1123Z with `+0000`. */
export function rfc1123(d: Date, zone: 'GMT' | '+0000'): string {
	return `${WEEKDAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)} ${zone}`;
}

/** Go's time.ANSIC, C's ctime(3): `Mon Jan  2 15:04:05 2006` (the day padded with a space). */
export function ansic(d: Date): string {
	return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)} ${d.getUTCFullYear()}`;
}

/** The common log format's time without its zone: `02/Jan/2006:15:04:05`. */
export function clf(d: Date): string {
	return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)}`;
}
