/** The workshop's links, as the page builds them from its own address (the hub's origin). */
export interface WorkshopLinks {
	readonly join: string;
	/** Carries the secret in the fragment: shown to the instructor only. */
	readonly presenter: string;
}

export function workshopLinks(
	origin: string,
	pathname: string,
	code: string,
	secret: string
): WorkshopLinks {
	const base = `${origin}${pathname}?workshop=${encodeURIComponent(code)}`;
	return {
		join: base,
		presenter: `${base}&view=presenter#secret=${encodeURIComponent(secret)}`
	};
}

/** Drops `#secret=…` from the address bar once read (it stays in sessionStorage for reloads). */
export function hideSecret(): void {
	if (!location.hash.includes('secret=')) return;
	history.replaceState(history.state, '', location.pathname + location.search);
}
