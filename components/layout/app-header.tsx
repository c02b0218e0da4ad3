import Link from 'next/link';
import { NavLinks } from './nav-links';
import { ThemeToggle } from './theme-toggle';

export function AppHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 w-full max-w-[1600px] items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-white">
            <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
              <circle cx="12" cy="13" r="8" />
              <path d="M12 9v4l2.5 2.5M9 2h6" />
            </svg>
          </span>
          <span>Cronboard</span>
        </Link>
        <NavLinks />
        <div className="ml-auto flex items-center gap-2">
          <Link
            href="/tasks/new"
            className="inline-flex h-9 min-w-9 shrink-0 items-center justify-center gap-1 rounded-md bg-indigo-600 px-2 text-sm font-medium text-white hover:bg-indigo-500 sm:px-3 dark:bg-indigo-500 dark:hover:bg-indigo-400"
          >
            <span aria-hidden>+</span>
            <span className="sr-only sm:not-sr-only">New task</span>
          </Link>
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
