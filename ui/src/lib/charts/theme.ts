// The charts follow the app's theme: their colours are the CSS variables of app.css (light or
// dark by the system's preference), read when a chart is drawn and again when the theme changes.

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  accentSoft: string;
  surface: string;
  /** Status colours, as the badges use them. */
  success: string;
  warning: string;
  danger: string;
  info: string;
  neutral: string;
  font: string;
}

function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The theme's colours now. */
export function currentTheme(element: Element = document.documentElement): ChartTheme {
  const style = getComputedStyle(element);
  return {
    text: variable(style, '--text', '#1c2024'),
    muted: variable(style, '--text-muted', '#5d6570'),
    grid: variable(style, '--border', '#e5e7eb'),
    accent: variable(style, '--accent', '#4f46e5'),
    accentSoft: variable(style, '--accent-soft', '#eef0fe'),
    surface: variable(style, '--surface', '#ffffff'),
    success: variable(style, '--success-fg', '#15803d'),
    warning: variable(style, '--warning-fg', '#9a5b00'),
    danger: variable(style, '--danger-fg', '#c0262d'),
    info: variable(style, '--info-fg', '#1d4ed8'),
    neutral: variable(style, '--neutral-fg', '#4a5360'),
    font: variable(style, '--font-sans', 'system-ui, sans-serif'),
  };
}

/** Calls `changed` when the system switches between light and dark; returns the unsubscribe. */
export function onThemeChange(changed: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}
