import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The static frame index.html paints while this script loads.
document.getElementById('boot')?.remove();
mount(App, { target });
