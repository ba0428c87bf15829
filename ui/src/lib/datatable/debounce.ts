/** Calls `fn` once `delayMs` have passed without another call; `flush` runs it now, `cancel` drops it. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;

  function run() {
    timer = null;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  }

  const debounced = (...args: A) => {
    pending = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };
  debounced.flush = () => {
    if (timer !== null) clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return debounced;
}
