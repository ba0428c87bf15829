import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start() {
  // `vite --mode mock` (npm run dev:mock / build:mock) runs the UI against an in-memory backend for
  // design work and screenshots. In the production build this branch is removed entirely.
  if (import.meta.env.MODE === 'mock') {
    const { installMockBackend } = await import('./dev/mockBackend');
    installMockBackend();
  }
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  mount(App, { target });
}

void start();
