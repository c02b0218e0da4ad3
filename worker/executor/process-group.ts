import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process-group helpers. A shell run is spawned detached, so its shell leads a
 * new process group whose id is the shell's pid; everything it starts stays in
 * that group unless it calls setsid. Signalling -pgid reaches all of them.
 */

/** Sends `signal` to every process of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/**
 * Pids of the group's live (non-zombie) processes. Zombies are left out: an
 * orphan that exited waits for init to reap it, and some container inits never
 * do, so "kill(-pgid, 0) succeeds" alone would see a dead group as alive.
 */
export function groupMembers(pgid: number): number[] {
  try {
    process.kill(-pgid, 0);
  } catch {
    return []; // the cheap, common answer: no process has this group id
  }
  if (process.platform !== 'linux') return [pgid];
  const members: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pgid];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
  }
  return members;
}

export interface KillGroupOptions {
  graceMs: number;
  /** How often to look whether the group is gone during the grace period. */
  pollMs?: number;
}

export interface KillGroupResult {
  /** The group was still there after the grace period and got SIGKILL. */
  sentSigkill: boolean;
}

/**
 * SIGTERM to the whole group, wait up to graceMs for it to empty, then SIGKILL
 * whatever is left. Ends early once no live process remains, so a well-behaved
 * command costs no grace period.
 */
export async function killGroup(pgid: number, options: KillGroupOptions): Promise<KillGroupResult> {
  if (!signalGroup(pgid, 'SIGTERM')) return { sentSigkill: false };
  signalGroup(pgid, 'SIGCONT'); // a stopped process only sees SIGTERM once it runs again
  const pollMs = options.pollMs ?? 20;
  const deadline = Date.now() + options.graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return { sentSigkill: false };
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
  if (groupMembers(pgid).length === 0) return { sentSigkill: false };
  const sentSigkill = signalGroup(pgid, 'SIGKILL');
  // SIGKILL cannot be caught, but dying still takes a moment: return once it is done.
  const killDeadline = Date.now() + SIGKILL_WAIT_MS;
  while (sentSigkill && Date.now() < killDeadline && groupMembers(pgid).length > 0) await sleep(pollMs);
  return { sentSigkill };
}

/** Upper bound on waiting for SIGKILLed processes to disappear (one in uninterruptible sleep may take longer). */
const SIGKILL_WAIT_MS = 2000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
