/** /embed.html's URL parameters, and the element's attributes turned into that URL. */
import { describe, expect, it } from 'vitest';
import { embedUrl, parseEmbedParams, splitCommands } from '../../src/embed/params.ts';

describe('parseEmbedParams', () => {
	it('reads every parameter a plain iframe can set', () => {
		const c = parseEmbedParams(
			'?lesson=03-join-the-mesh&step=2&panes=terminal,topology&theme=light&runtime=workers' +
				'&autostart=eager&commands=kubectl+get+pods&commands=kubectl+get+ns' +
				'&parentOrigin=https://docs.example.com&parentOrigin=https://preview.example.com/x'
		);
		expect(c).toEqual({
			lesson: '03-join-the-mesh',
			step: 2,
			panes: ['terminal', 'topology'],
			theme: 'light',
			runtime: 'workers',
			autostart: 'eager',
			commands: ['kubectl get pods', 'kubectl get ns'],
			parentOrigins: ['https://docs.example.com', 'https://preview.example.com'],
			problems: []
		});
	});

	it('defaults: lesson, terminal and topology; auto theme; in-process; start on click', () => {
		expect(parseEmbedParams('')).toEqual({
			panes: ['lesson', 'terminal', 'topology'],
			theme: 'auto',
			runtime: 'inprocess',
			autostart: 'click',
			commands: [],
			parentOrigins: [],
			problems: []
		});
	});

	it('keeps lessonUrl, and says what is wrong with bad values', () => {
		const c = parseEmbedParams(
			'?lessonUrl=https://x.example/l.md&step=0&panes=terminal,bogus,terminal&theme=sepia' +
				'&runtime=gpu&parentOrigin=javascript:alert(1)'
		);
		expect(c.lessonUrl).toBe('https://x.example/l.md');
		expect(c.step).toBeUndefined();
		expect(c.panes).toEqual(['terminal']);
		expect(c.theme).toBe('auto');
		expect(c.runtime).toBe('inprocess');
		expect(c.parentOrigins).toEqual([]);
		expect(c.problems).toEqual([
			'step="0" is not a step number (steps count from 1)',
			'parentOrigin="javascript:alert(1)" is not an http(s) origin',
			'panes: unknown pane "bogus" (known: lesson, terminal, topology, traces, capture, nodes, browser, editor)',
			'theme="sepia" is not one of light, dark, auto; using auto',
			'runtime="gpu" is not one of inprocess, workers; using inprocess'
		]);
	});

	it('caps the start commands at 20', () => {
		const c = parseEmbedParams(
			'?' + Array.from({ length: 25 }, (_, i) => `commands=echo+${i}`).join('&')
		);
		expect(c.commands).toHaveLength(20);
		expect(c.problems).toEqual([
			'commands: at most 20 commands run at start; the rest are dropped'
		]);
	});
});

describe('splitCommands', () => {
	it('splits on newlines and ;; and drops blanks', () => {
		expect(splitCommands('kubectl get pods\n\n  kubectl get ns ;; istioctl version  ')).toEqual([
			'kubectl get pods',
			'kubectl get ns',
			'istioctl version'
		]);
	});
});

describe('embedUrl', () => {
	it('turns the element attributes into parameters parseEmbedParams reads back', () => {
		const url = embedUrl(
			'https://play.example.com/mesh',
			{
				lesson: 'join-the-mesh',
				step: '2',
				lessonSrc: null,
				panes: 'terminal, topology',
				theme: 'dark',
				commands: 'kubectl get pods;;kubectl get ns',
				lang: 'de',
				parentOrigins: ['https://docs.example.com']
			},
			'lesson=abc'
		);
		expect(url).toBe(
			'https://play.example.com/mesh/embed.html?lesson=join-the-mesh&step=2&panes=terminal%2Ctopology' +
				'&theme=dark&lang=de&commands=kubectl+get+pods&commands=kubectl+get+ns' +
				'&parentOrigin=https%3A%2F%2Fdocs.example.com#lesson=abc'
		);
		const back = parseEmbedParams(new URL(url).search);
		expect(back.lesson).toBe('join-the-mesh');
		expect(back.step).toBe(2);
		expect(back.panes).toEqual(['terminal', 'topology']);
		expect(back.commands).toEqual(['kubectl get pods', 'kubectl get ns']);
		expect(back.parentOrigins).toEqual(['https://docs.example.com']);
		// The embed's page reads `lang` as the main page does (ui/i18n/languages.ts).
		expect(new URL(url).searchParams.get('lang')).toBe('de');
	});
});
