/** Entry point: styles, then the app. Everything heavy is imported lazily from App. */
import { mount } from 'svelte';
import './ui/theme.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
