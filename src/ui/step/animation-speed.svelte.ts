/**
 * How fast the views animate traffic: one shared setting (the Step tab's slider sets it) and an
 * attachment that applies it to everything animating inside an element. The topology's moving
 * dots are SMIL `<animateMotion>` with a fixed `dur`, its pulses and fades CSS animations and
 * transitions; the attachment rescales both, so the views need no change to follow the slider.
 */
import type { Attachment } from 'svelte/attachments';
import { NORMAL_INDEX, SPEEDS, scaledDuration, speedIndex } from './speeds.ts';

/** Storage version 2's key (storage-upgrade.ts moves version 1's `mesh-playground.animation-speed`). */
const STORAGE_KEY = 'mesh-playground:animation-speed';

export class AnimationSpeed {
	#index = $state(NORMAL_INDEX);
	readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;

	constructor(storage?: Pick<Storage, 'getItem' | 'setItem'>) {
		this.#storage = storage;
		const saved = Number(storage?.getItem(STORAGE_KEY));
		if (saved > 0) this.#index = speedIndex(saved);
	}

	/** Index into SPEEDS (what the slider moves). */
	get index(): number {
		return this.#index;
	}

	set index(i: number) {
		this.#index = Math.min(SPEEDS.length - 1, Math.max(0, Math.round(i)));
		try {
			this.#storage?.setItem(STORAGE_KEY, String(this.value));
		} catch {
			// Storage full or blocked: the setting still applies, it just lasts this visit.
		}
	}

	/** 1 is real time; 0.25 four times slower. */
	get value(): number {
		return SPEEDS[this.#index] ?? 1;
	}
}

function storage(): Storage | undefined {
	try {
		return globalThis.localStorage;
	} catch {
		return undefined; // blocked storage in a sandboxed iframe: the setting lasts the visit
	}
}

/** The page's one setting. */
export const animationSpeed = new AnimationSpeed(storage());

const SMIL = 'animate, animateMotion, animateTransform, set';

function scaleSmil(root: ParentNode, speed: number): void {
	for (const el of root.querySelectorAll<SVGElement>(SMIL)) {
		const base = el.dataset['baseDur'] ?? el.getAttribute('dur');
		if (!base) continue;
		el.dataset['baseDur'] = base;
		const dur = scaledDuration(base, speed);
		if (dur && el.getAttribute('dur') !== dur) el.setAttribute('dur', dur);
	}
}

function scaleWebAnimations(el: Element, speed: number, subtree: boolean): void {
	if (typeof el.getAnimations !== 'function') return;
	for (const a of el.getAnimations({ subtree }))
		if (a.playbackRate !== speed) a.playbackRate = speed;
}

/** `{@attach scaleAnimations(() => animationSpeed.value)}`: follows the setting as it moves. */
export function scaleAnimations(speed: () => number): Attachment<HTMLElement> {
	return (root) => {
		const s = speed();
		scaleSmil(root, s);
		scaleWebAnimations(root, s, true);
		// New edges bring new dots; state changes start new transitions.
		const observer = new MutationObserver(() => scaleSmil(root, s));
		observer.observe(root, { childList: true, subtree: true });
		const onStart = (e: Event): void => {
			if (e.target instanceof Element) scaleWebAnimations(e.target, s, false);
		};
		root.addEventListener('transitionrun', onStart, true);
		root.addEventListener('animationstart', onStart, true);
		return () => {
			observer.disconnect();
			root.removeEventListener('transitionrun', onStart, true);
			root.removeEventListener('animationstart', onStart, true);
		};
	};
}
