/**
 * The embed's configuration: `/embed.html` URL parameters (what a plain iframe writes) and the
 * custom element's attributes, which the element turns into the same URL. docs/embedding.md
 * lists them; both directions live here so they cannot drift apart.
 */
import type { ThemeChoice } from './protocol.ts';

export const PANES = [
	'lesson',
	'terminal',
	'topology',
	'traces',
	'capture',
	'nodes',
	'browser',
	'editor'
] as const;
export type Pane = (typeof PANES)[number];
export const DEFAULT_PANES: readonly Pane[] = ['lesson', 'terminal', 'topology'];

export type EmbedRuntime = 'inprocess' | 'workers';
export type Autostart = 'click' | 'visible' | 'eager';

export interface EmbedConfig {
	/** A bundled lesson, by id (`join-the-mesh`) or folder (`03-join-the-mesh`). */
	readonly lesson?: string;
	/** `lessonUrl`: an outside lesson, untrusted, as `?lessonUrl=` on the main page. */
	readonly lessonUrl?: string;
	/** 1-based. */
	readonly step?: number;
	readonly panes: readonly Pane[];
	readonly theme: ThemeChoice;
	readonly runtime: EmbedRuntime;
	readonly autostart: Autostart;
	/** Read-only scenario commands run at start, shown in the terminal. */
	readonly commands: readonly string[];
	/** Origins allowed to send commands and to receive events. */
	readonly parentOrigins: readonly string[];
	/** Problems with the parameters, worded for the person who wrote them. */
	readonly problems: readonly string[];
}

const MAX_COMMANDS = 20;

function oneOf<T extends string>(
	value: string | null,
	allowed: readonly T[],
	fallback: T,
	name: string,
	problems: string[]
): T {
	if (value === null || value === '') return fallback;
	if ((allowed as readonly string[]).includes(value)) return value as T;
	problems.push(`${name}="${value}" is not one of ${allowed.join(', ')}; using ${fallback}`);
	return fallback;
}

/** An origin as the browser reports it (`https://docs.example.com`), or undefined. */
export function normaliseOrigin(value: string): string | undefined {
	try {
		const url = new URL(value);
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
		return url.origin;
	} catch {
		return undefined;
	}
}

export function parsePanes(value: string | null, problems: string[]): Pane[] {
	if (value === null || value.trim() === '') return [...DEFAULT_PANES];
	const out: Pane[] = [];
	for (const raw of value.split(',')) {
		const name = raw.trim();
		if (name === '') continue;
		if (!(PANES as readonly string[]).includes(name)) {
			problems.push(`panes: unknown pane "${name}" (known: ${PANES.join(', ')})`);
			continue;
		}
		if (!out.includes(name as Pane)) out.push(name as Pane);
	}
	return out.length > 0 ? out : [...DEFAULT_PANES];
}

/** `commands` as an author writes it in the attribute: one per line, or `;;`-separated. */
export function splitCommands(value: string): string[] {
	return value
		.split(/\n|;;/)
		.map((c) => c.trim())
		.filter((c) => c !== '');
}

/** Reads `/embed.html`'s search string. */
export function parseEmbedParams(search: string): EmbedConfig {
	const p = new URLSearchParams(search);
	const problems: string[] = [];
	const lesson = p.get('lesson')?.trim() || undefined;
	const lessonUrl = p.get('lessonUrl')?.trim() || undefined;
	let step: number | undefined;
	const rawStep = p.get('step');
	if (rawStep !== null && rawStep !== '') {
		const n = Number(rawStep);
		if (Number.isInteger(n) && n >= 1) step = n;
		else problems.push(`step="${rawStep}" is not a step number (steps count from 1)`);
	}
	const commands = p
		.getAll('commands')
		.flatMap(splitCommands)
		.slice(0, MAX_COMMANDS + 1);
	if (commands.length > MAX_COMMANDS) {
		problems.push(`commands: at most ${MAX_COMMANDS} commands run at start; the rest are dropped`);
		commands.length = MAX_COMMANDS;
	}
	const parentOrigins: string[] = [];
	for (const raw of p.getAll('parentOrigin').flatMap((v) => v.split(/\s+/))) {
		if (raw === '') continue;
		const origin = normaliseOrigin(raw);
		if (origin) {
			if (!parentOrigins.includes(origin)) parentOrigins.push(origin);
		} else problems.push(`parentOrigin="${raw}" is not an http(s) origin`);
	}
	return {
		...(lesson ? { lesson } : {}),
		...(lessonUrl ? { lessonUrl } : {}),
		...(step !== undefined ? { step } : {}),
		panes: parsePanes(p.get('panes'), problems),
		theme: oneOf(p.get('theme'), ['light', 'dark', 'auto'], 'auto', 'theme', problems),
		runtime: oneOf(p.get('runtime'), ['inprocess', 'workers'], 'inprocess', 'runtime', problems),
		autostart: oneOf(
			p.get('autostart'),
			['click', 'visible', 'eager'],
			'click',
			'autostart',
			problems
		),
		commands,
		parentOrigins,
		problems
	};
}

/** The custom element's attributes that become URL parameters (all optional strings). */
export interface ElementAttributes {
	readonly lesson?: string | null;
	readonly step?: string | null;
	readonly lessonSrc?: string | null;
	readonly panes?: string | null;
	readonly theme?: string | null;
	readonly runtime?: string | null;
	readonly autostart?: string | null;
	readonly commands?: string | null;
	/** The UI's and the lesson's language (`de`); the embed falls back to the reader's browser. */
	readonly lang?: string | null;
	/** Already resolved: `allow-origin`'s list, or the creating page's origin. */
	readonly parentOrigins: readonly string[];
}

/** `/embed.html?…` for the element's attributes; `base` is where the playground is served. */
export function embedUrl(base: string, attrs: ElementAttributes, fragment?: string): string {
	const url = new URL('embed.html', base.endsWith('/') ? base : `${base}/`);
	const set = (name: string, value: string | null | undefined): void => {
		if (value !== null && value !== undefined && value.trim() !== '')
			url.searchParams.set(name, value.trim());
	};
	set('lesson', attrs.lesson);
	set('step', attrs.step);
	set('lessonUrl', attrs.lessonSrc);
	set('panes', attrs.panes?.replace(/\s+/g, ''));
	set('theme', attrs.theme);
	set('runtime', attrs.runtime);
	set('autostart', attrs.autostart);
	set('lang', attrs.lang);
	for (const c of splitCommands(attrs.commands ?? '')) url.searchParams.append('commands', c);
	for (const o of attrs.parentOrigins) url.searchParams.append('parentOrigin', o);
	if (fragment) url.hash = fragment;
	return url.toString();
}
