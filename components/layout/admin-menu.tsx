'use client';

import Link from 'next/link';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { DisclosureButton } from '@/components/ui/disclosure-button';
import { useDismissible } from '@/components/ui/use-dismissible';

export const ADMIN_LINKS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/tokens', label: 'Tokens' },
  { href: '/admin/webhooks', label: 'Webhooks' },
] as const;

/**
 * The admin pages in the main navigation. From `lg`, where the links sit inline
 * in the header, they are one "Admin" button (a disclosure: aria-expanded, its
 * label says which admin page is open) that shows them as a list under it:
 * Escape or a click outside closes it and gives focus back to the button, the
 * arrow keys move between its links, following one closes it. Below `lg` they
 * are a plain group, headed "Admin", in the phone's Menu panel.
 */
export function AdminMenu({ pathname, linkClass, onNavigate }: { pathname: string; linkClass: (active: boolean) => string; onNavigate: () => void }) {
  const [open, setOpen] = useState(false);
  const itemRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const current = ADMIN_LINKS.find((link) => pathname.startsWith(link.href));

  useDismissible({ open, setOpen, containerRef: itemRef, buttonRef, firstLink: 'ul a' });

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    if (!open) {
      if (event.target === buttonRef.current && event.key === 'ArrowDown') {
        event.preventDefault();
        setOpen(true);
      }
      return;
    }
    const all = [...(itemRef.current?.querySelectorAll<HTMLAnchorElement>('ul a') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    event.preventDefault();
    all[(at + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
  }

  return (
    <li
      ref={itemRef}
      className="relative shrink-0"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the open list closes it.
        if (open && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <span aria-hidden className="block px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase lg:hidden dark:text-slate-400">
        Admin
      </span>
      <DisclosureButton
        buttonRef={buttonRef}
        open={open}
        onToggle={() => setOpen((o) => !o)}
        controls={listId}
        icon={<path d="M6 8l4 4 4-4" />}
        className={`flex-row-reverse border-transparent px-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 max-lg:hidden 2xl:px-3 ${
          current ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white' : 'text-slate-600 dark:text-slate-300'
        }`}
      >
        Admin
        {current ? <span className="sr-only">, on {current.label}</span> : null}
      </DisclosureButton>
      <ul
        id={listId}
        aria-label="Admin"
        className={`flex flex-col gap-1 ${open ? 'lg:flex' : 'lg:hidden'} lg:absolute lg:top-full lg:right-0 lg:z-40 lg:mt-1 lg:w-44 lg:rounded-md lg:border lg:border-slate-200 lg:bg-white lg:p-1 lg:shadow-lg lg:dark:border-slate-700 lg:dark:bg-slate-900`}
      >
        {ADMIN_LINKS.map((link) => {
          const active = link === current;
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? 'page' : undefined}
                onClick={() => {
                  setOpen(false);
                  onNavigate();
                }}
                className={`${linkClass(active)} lg:px-3 lg:py-2`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </li>
  );
}
