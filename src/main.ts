/** Entry point: styles, then the app. Everything heavy is imported lazily from App. */
// First: saved data is checked and upgraded before any module reads it.
import './ui/state/storage-at-start.ts';
import { mount } from 'svelte';
import './ui/theme.css';
import App from './App.svelte';
import { browserStorage } from './platform/storage.ts';
import { locale } from './ui/i18n/i18n.svelte.ts';
import { webStorage } from './ui/workshop/identity.ts';
import { otherPage } from './ui/workshop/pages.ts';

// `?lang=`, the learner's last choice, then the browser's languages (ui/i18n/languages.ts);
// the catalog loads before anything is drawn, so no English flashes first.
await locale.init(browserStorage, location.search, navigator.languages ?? [navigator.language]);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// A workshop's instructor dashboard or a hub-less presenter window: pages without the mesh.
const other = otherPage(location.search, location.hash, webStorage('sessionStorage'));
if (other)
	void other.load().then(({ default: Page }) => mount(Page, { target, props: other.props }));
else mount(App, { target });
