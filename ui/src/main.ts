// Entry point: mounts the Svelte app into index.html.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing in index.html');

export default mount(App, { target });
