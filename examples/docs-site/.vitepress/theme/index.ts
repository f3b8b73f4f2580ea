import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import EmbedEvents from './EmbedEvents.vue';
import './style.css';

export default {
	extends: DefaultTheme,
	enhanceApp({ app }) {
		app.component('EmbedEvents', EmbedEvents);
	}
} satisfies Theme;
