/** Entry point of /embed.html: the poster first; the playground loads after Start. */
import { mount } from 'svelte';
import './ui/theme.css';
import EmbedRoot from './ui/embed/EmbedRoot.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('embed.html has no #app element');

export default mount(EmbedRoot, { target });
