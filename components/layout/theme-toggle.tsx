'use client';

import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

function currentTheme(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

/** Switches light/dark and remembers the choice (the inline script in the layout applies it on load). */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(currentTheme()), []);

  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => {
        document.documentElement.classList.toggle('dark', next === 'dark');
        try {
          localStorage.setItem('cronboard-theme', next);
        } catch {
          /* private mode: the choice lasts for this page only */
        }
        setTheme(next);
      }}
      className="inline-flex h-9 items-center gap-2 rounded-md border border-slate-200 px-3 text-sm text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      aria-label={theme ? `Switch to ${next} theme` : 'Switch theme'}
    >
      <span aria-hidden>{theme === 'dark' ? '☀︎' : '☾'}</span>
      <span className="hidden sm:inline">{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}
