// Entry point: mounts the Svelte app into index.html.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { askEarly } from './lib/stores/firstRows';

// Marks read by e2e/bench-start.mjs (the page's share of the start): here, and the home screen's first rows.
performance.mark('main-start');
askEarly();
const target = document.getElementById('app');
if (!target) throw new Error('#app missing in index.html');

export default mount(App, { target });
