'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { DisclosureButton } from '@/components/ui/disclosure-button';
import { useDismissible } from '@/components/ui/use-dismissible';
import { ADMIN_LINKS, AdminMenu } from './admin-menu';

const LINKS = [
  { href: '/', label: 'Board' },
  { href: '/runs', label: 'Runs' },
  { href: '/upcoming', label: 'Upcoming' },
  { href: '/workers', label: 'Workers' },
  { href: '/activity', label: 'Activity' },
  { href: '/alerts', label: 'Alerts' },
] as const;

/**
 * The main navigation. From the `lg` breakpoint the links sit inline in the
 * header; below it (phones, narrow windows) they would not all fit, so a Menu
 * button opens them as a panel under the header: Escape or a click outside
 * closes it and gives focus back to the button, following a link closes it.
 * An admin's pages are one "Admin" menu at the end (admin-menu.tsx).
 */
export function NavLinks({ isAdmin = false }: { isAdmin?: boolean }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const current = [...LINKS, ...(isAdmin ? ADMIN_LINKS : [])].find((link) => isActive(link.href, pathname));

  useDismissible({ open, setOpen, containerRef: navRef, buttonRef, firstLink: 'a' });

  return (
    <nav
      ref={navRef}
      aria-label="Main"
      className="flex min-w-0 items-center text-sm"
      onBlur={(event) => {
        // Tabbing out of the open panel closes it, so it never hides the page behind focus.
        if (open && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <DisclosureButton
        buttonRef={buttonRef}
        open={open}
        onToggle={() => setOpen((o) => !o)}
        controls={listId}
        icon={open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
        className="border-slate-200 px-2.5 focus-visible:outline-2 focus-visible:outline-indigo-500 lg:hidden dark:border-slate-700"
      >
        Menu
        {current ? <span className="sr-only">, on {current.label}</span> : null}
      </DisclosureButton>
      <ul
        id={listId}
        className={`${open ? 'flex' : 'hidden'} absolute inset-x-0 top-full flex-col gap-1 border-b border-slate-200 bg-white p-3 shadow-lg dark:border-slate-800 dark:bg-slate-900 lg:static lg:flex lg:flex-row lg:items-center lg:gap-0 2xl:gap-1 lg:border-0 lg:bg-transparent lg:p-0 lg:shadow-none lg:dark:bg-transparent`}
      >
        {LINKS.map((link) => {
          const active = isActive(link.href, pathname);
          return (
            <li key={link.href} className="shrink-0">
              <Link href={link.href} aria-current={active ? 'page' : undefined} onClick={() => setOpen(false)} className={linkClass(active)}>
                {link.label}
              </Link>
            </li>
          );
        })}
        {isAdmin ? <AdminMenu pathname={pathname} linkClass={linkClass} onNavigate={() => setOpen(false)} /> : null}
      </ul>
    </nav>
  );
}

function linkClass(active: boolean): string {
  return `block rounded-md px-3 py-2 font-medium transition-colors lg:px-2 lg:py-1.5 2xl:px-3 ${
    active
      ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white'
      : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'
  }`;
}

function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname.startsWith(href);
}
