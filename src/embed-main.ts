/** Entry point of /embed.html: the poster first; the playground loads after Start. */
import { mount } from 'svelte';
import './ui/theme.css';
import EmbedRoot from './ui/embed/EmbedRoot.svelte';
import { browserStorage } from './platform/storage.ts';
import { locale } from './ui/i18n/i18n.svelte.ts';

// The element's `lang` attribute arrives as `?lang=` (src/embed/params.ts).
await locale.init(browserStorage, location.search, navigator.languages ?? [navigator.language]);

const target = document.getElementById('app');
if (!target) throw new Error('embed.html has no #app element');

export default mount(EmbedRoot, { target });
