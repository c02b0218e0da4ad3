// The only schedule code in Cronboard: parse, next fire times, describe,
// preview, and the shared zod schema. See README.md.
export type { ScheduleKind, Schedule, ScheduleError, ParseResult, PreviewResult, ParseOptions } from './types';
export { parseSchedule, parseScheduleOrThrow, MAX_SCHEDULE_LENGTH } from './parse';
export { nextFireTimes, fireTimesAfterAFire, scheduleAnchor, taskFireTimes } from './next';
export { fireTimesFromNextRun } from './fire-times-from-next-run';
export { describeSchedule } from './describe';
export { previewSchedule, DEFAULT_PREVIEW_COUNT, MAX_PREVIEW_COUNT } from './preview';
export { isValidTimezone, formatWall as formatWallTime } from './timezone';
export { parseIsoInstant } from './parse-once';
export { scheduleFieldsSchema, scheduleFieldsShape, checkScheduleFields } from './schema';
