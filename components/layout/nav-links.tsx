'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Board' },
  { href: '/runs', label: 'Runs' },
  { href: '/workers', label: 'Workers' },
  { href: '/activity', label: 'Activity' },
] as const;

const ADMIN_LINKS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/tokens', label: 'Tokens' },
] as const;

export function NavLinks({ isAdmin = false }: { isAdmin?: boolean }) {
  const pathname = usePathname();
  const links = isAdmin ? [...LINKS, ...ADMIN_LINKS] : LINKS;
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-1 overflow-x-auto text-sm">
      {links.map((link) => {
        const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`shrink-0 rounded-md px-2 py-1.5 sm:px-3 font-medium transition-colors ${
              active
                ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white'
                : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
