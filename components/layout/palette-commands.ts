// What the command palette offers besides search results: pages to go to,
// New task, and Run now on the card (or task page) that had focus.
export interface PaletteCommand {
  id: string;
  label: string;
  /** Extra words it answers to. */
  keywords: string[];
  href?: string;
  action?: 'run-now';
  taskKey?: string;
}

export const PAGE_COMMANDS: PaletteCommand[] = [
  { id: 'go-board', label: 'Go to the board', keywords: ['board', 'kanban', 'home'], href: '/' },
  { id: 'go-runs', label: 'Go to runs', keywords: ['runs', 'jobs', 'history'], href: '/runs' },
  { id: 'go-failed', label: 'Go to failed runs', keywords: ['failed', 'errors', 'runs'], href: '/runs?status=failed' },
  { id: 'go-upcoming', label: 'Go to upcoming runs', keywords: ['upcoming', 'next', 'timeline', 'schedule'], href: '/upcoming' },
  { id: 'go-workers', label: 'Go to workers', keywords: ['workers'], href: '/workers' },
  { id: 'go-activity', label: 'Go to activity', keywords: ['activity', 'audit', 'events', 'log'], href: '/activity' },
];

export const NEW_TASK: PaletteCommand = { id: 'new-task', label: 'New task', keywords: ['create', 'add', 'task'], href: '/tasks/new' };

/** The task the user was on: a board card holding focus (its title links to /tasks/KEY), else the task page open. */
export function focusedTaskKey(active: Element | null, pathname: string): string | null {
  const card = active?.closest('article');
  const link = card?.querySelector<HTMLAnchorElement>('a[href^="/tasks/"]');
  const fromCard = link ? decodeURIComponent(link.getAttribute('href')!.slice('/tasks/'.length).split(/[/?#]/)[0] ?? '') : '';
  if (fromCard && fromCard !== 'new') return fromCard;
  const page = /^\/tasks\/([^/]+)$/.exec(pathname)?.[1];
  return page && page !== 'new' ? decodeURIComponent(page) : null;
}

/** Commands whose label or keywords contain every word typed. */
export function matchCommands(commands: PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  return commands.filter((c) => {
    const text = `${c.label} ${c.keywords.join(' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
