/** The one duration format ("850 ms", "12.3 s", "4 min 05 s"), shared with the activity sentences. */
export { formatDuration } from '@/server/lib/format-duration';
