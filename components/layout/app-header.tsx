import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { roleAtLeast } from '@/server/auth/actor';
import { Suspense } from 'react';
import { CommandPalette } from './command-palette';
import { AlertCount } from '@/components/alerts/alert-count';
import { FailingCount } from './failing-count';
import { NavLinks } from './nav-links';
import { RouteMemory } from './route-memory';
import { SchedulerBanner, SchedulerToggle } from './scheduler-switch';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

/** Pages anyone may open; every other page needs a signed-in user. */
const PUBLIC_PAGES = ['/login', '/setup'];

/**
 * The header, and the sign-in gate for pages: rendered on every page, it asks
 * who is signed in (session.me, the same decision the API makes) and sends
 * anonymous visitors to /login, or to /setup while no user exists.
 */
export async function AppHeader() {
  const path = (await headers()).get('x-cronboard-path') ?? '/';
  const pathname = path.split('?')[0] ?? '/';
  const isPublic = PUBLIC_PAGES.includes(pathname);
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions()).catch(() => null);
  if (!me && !isPublic) {
    const setupNeeded = await queryClient.fetchQuery(trpc.session.setupNeeded.queryOptions()).catch(() => false);
    redirect(setupNeeded ? '/setup' : `/login?next=${encodeURIComponent(path)}`);
  }

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 w-full max-w-[1600px] items-center gap-2 px-4 sm:gap-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-white">
            <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
              <circle cx="12" cy="13" r="8" />
              <path d="M12 9v4l2.5 2.5M9 2h6" />
            </svg>
          </span>
          <span className="sr-only sm:not-sr-only lg:sr-only 2xl:not-sr-only">Cronboard</span>
        </Link>
        {me ? <NavLinks isAdmin={me.role === 'admin'} /> : null}
        <Suspense fallback={null}>
          <RouteMemory />
        </Suspense>
        <div className="ml-auto flex shrink-0 items-center gap-2">
          {me ? <FailingCount /> : null}
          {me ? <AlertCount /> : null}
          {me ? <CommandPalette /> : null}
          {me && roleAtLeast(me.role ?? undefined, 'editor') ? (
            <Link
              href="/tasks/new"
              className="inline-flex h-9 min-w-9 shrink-0 items-center justify-center gap-1 rounded-md bg-indigo-600 px-2 text-sm font-medium text-white hover:bg-indigo-500 sm:px-3 dark:bg-indigo-500 dark:hover:bg-indigo-400"
            >
              <span aria-hidden>+</span>
              <span className="sr-only sm:not-sr-only">New task</span>
            </Link>
          ) : null}
          {me?.role === 'admin' ? <SchedulerToggle /> : null}
          <ThemeToggle />
          {me ? <UserMenu name={me.email ?? me.name} role={me.role ?? 'viewer'} /> : null}
        </div>
      </div>
      {me ? <SchedulerBanner /> : null}
    </header>
  );
}
