import { EmptyState } from '@/components/ui/data-table';

export function AdminsOnly() {
  return <EmptyState>This page is for admins. Ask an admin if you need access.</EmptyState>;
}
