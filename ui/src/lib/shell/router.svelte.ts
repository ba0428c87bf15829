// Which section is on screen, kept in the URL hash (#/workspaces) so reloads and the browser's
// back/forward keep their place. Hash routing works from Tauri's file-based origin.

import { DEFAULT_SECTION, hashFor, sectionFromHash, type SectionId } from './sections';

export class Router {
  current: SectionId = $state(DEFAULT_SECTION);
  readonly #location: Location;

  constructor(location: Location = window.location) {
    this.#location = location;
    this.current = sectionFromHash(location.hash);
  }

  /** Starts following hash changes; returns the function that stops it. */
  listen(): () => void {
    const onHashChange = () => {
      this.current = sectionFromHash(this.#location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }

  go(section: SectionId): void {
    this.current = section;
    const hash = hashFor(section);
    if (this.#location.hash !== hash) this.#location.hash = hash;
  }
}
