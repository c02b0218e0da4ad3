import type { Metadata } from 'next';
import { NewTaskForm } from '@/components/tasks/task-edit';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'New task' };

export default function NewTaskPage() {
  return (
    <>
      <div className="mx-auto max-w-4xl">
        <PageTitle title="New task" />
      </div>
      <NewTaskForm />
    </>
  );
}
