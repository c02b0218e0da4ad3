import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function RunNotFound() {
  return <NotFoundPanel title="No such run" message="There is no run with that number; it may have been pruned." backHref="/runs" backLabel="All runs" />;
}
