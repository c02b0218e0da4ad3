'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { previousRoute } from './route-memory';

const PLACES: [RegExp, string][] = [
  [/^\/$/, 'the board'],
  [/^\/runs\/\d+/, 'the run'],
  [/^\/runs/, 'runs'],
  [/^\/activity/, 'activity'],
  [/^\/upcoming/, 'upcoming runs'],
  [/^\/workers/, 'workers'],
  [/^\/tasks\/[^/]+/, 'the task'],
];

function placeOf(url: string): string {
  const path = url.split('?')[0] ?? url;
  return PLACES.find(([re]) => re.test(path))?.[1] ?? 'the previous page';
}

/**
 * "← Back to activity": to the page this tab came from (with its filters, and
 * the browser's own back so the scroll position returns too), or to
 * `fallback` when the page was opened directly.
 */
export function BackLink({ fallback, fallbackLabel }: { fallback: string; fallbackLabel: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [previous, setPrevious] = useState<string | null>(null);
  useEffect(() => setPrevious(previousRoute(search ? `${pathname}?${search}` : pathname)), [pathname, search]);
  const href = previous ?? fallback;
  return (
    <Link
      href={href}
      onClick={(event) => {
        if (!previous || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        router.back();
      }}
      className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
    >
      ← {previous ? `Back to ${placeOf(previous)}` : fallbackLabel}
    </Link>
  );
}
