// A peer queue measured beside Cronboard (--compare): each runs the same four workloads.
import type pg from 'pg';

export interface Peer {
  name: string;
  drain(repeat: number, scope: string): Promise<void>;
  shell(repeat: number, scope: string): Promise<void>;
  latency(repeat: number, scope: string): Promise<void>;
  priority(repeat: number, scope: string): Promise<void>;
  close(): Promise<void>;
}

export async function countSql(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}
