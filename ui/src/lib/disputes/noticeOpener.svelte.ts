// Opening the dispute a desktop notification was about. The notification plugin reports no
// clicks on desktop, and clicking a notification brings the app's window forward; so the dispute
// of the last notice given while the window was in the background opens when the window is
// focused again (once), as if the notification had been clicked.

let wanted = $state<number | null>(null);

/** A notice was given for the stored dispute `id`; the window had focus or not. */
export function noticeGiven(id: number, windowFocused: boolean): void {
  if (!windowFocused) wanted = id;
}

/** The dispute to open, if a notice is waiting for the window's return. */
export function waitingDispute(): number | null {
  return wanted;
}

/** Takes the waiting dispute (the Disputes section opens it); null when none waits. */
export function takeWaitingDispute(): number | null {
  const id = wanted;
  wanted = null;
  return id;
}
