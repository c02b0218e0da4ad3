import type { Db } from '../db';
import { AppError, wholeNumberArg } from '../errors';
import { runRowInclude, toRunHistoryItem, type RunHistoryItem } from '../runs/run-row';
import { findTaskIdOrThrow } from './find-task';

export interface TaskRunsPage {
  items: RunHistoryItem[];
  /** 1-based, counted from the newest run (how many runs are newer than this page). */
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  /** Cursor of the next page of older runs (null: this is the last). */
  older: string | null;
  /** Cursor of the page of newer runs before this one (null: this is the first). */
  newer: string | null;
}

export interface ListTaskRunsOptions {
  db: Db;
  taskKey: string;
  /** A page's `older` or `newer` cursor; none: the newest runs. */
  cursor?: string | null;
  /** 1..100, default 20. */
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;

/** A position in the history (createdAt, id) and which way to read from it. */
interface Cursor {
  direction: 'older' | 'newer';
  createdAt: Date;
  id: number;
}

const CURSOR = /^(o|n)(\d{1,15})\.(\d{1,12})$/;

function parseCursor(text: string): Cursor {
  const m = CURSOR.exec(text);
  if (!m) throw new AppError('BAD_REQUEST', `cursor: '${text.slice(0, 40)}' is not a history cursor (use a page's older or newer value)`);
  return { direction: m[1] === 'o' ? 'older' : 'newer', createdAt: new Date(Number(m[2])), id: Number(m[3]) };
}

const cursorOf = (direction: 'o' | 'n', run: RunHistoryItem) => `${direction}${run.createdAt.getTime()}.${run.id}`;

/**
 * One page of a task's runs, newest first, by keyset (createdAt, id) over the
 * index (taskId, createdAt): the cost of a page does not grow with its depth,
 * as OFFSET's did. The total and the page number are two counts over the same
 * index.
 */
export async function listTaskRuns(options: ListTaskRunsOptions): Promise<TaskRunsPage> {
  const pageSize = wholeNumberArg('pageSize', options.pageSize, 20, MAX_PAGE_SIZE);
  const cursor = options.cursor ? parseCursor(options.cursor) : null;
  const { db } = options;
  const taskId = await findTaskIdOrThrow(db, options.taskKey);

  const olderThan = (c: { createdAt: Date; id: number }) => ({
    OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }],
  });
  const newerThan = (c: { createdAt: Date; id: number }) => ({
    OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }],
  });
  // One row past the page says whether there is another page that way.
  const rows =
    cursor?.direction === 'newer'
      ? (
          await db.run.findMany({
            where: { taskId, ...newerThan(cursor) },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            take: pageSize + 1,
            include: runRowInclude,
          })
        ).reverse()
      : await db.run.findMany({
          where: { taskId, ...(cursor ? olderThan(cursor) : {}) },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: pageSize + 1,
          include: runRowInclude,
        });
  const extra = rows.length > pageSize;
  const page = cursor?.direction === 'newer' ? rows.slice(extra ? 1 : 0) : rows.slice(0, pageSize);
  const items = page.map(toRunHistoryItem);
  const first = items[0];
  const [total, newerCount] = await Promise.all([
    db.run.count({ where: { taskId } }),
    first ? db.run.count({ where: { taskId, ...newerThan(first) } }) : Promise.resolve(0),
  ]);
  const last = items.at(-1);
  const hasOlder = cursor?.direction === 'newer' ? Boolean(last) && newerCount + items.length < total : extra;
  return {
    items,
    page: Math.floor(newerCount / pageSize) + 1,
    pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    older: hasOlder && last ? cursorOf('o', last) : null,
    newer: first && newerCount > 0 ? cursorOf('n', first) : null,
  };
}
