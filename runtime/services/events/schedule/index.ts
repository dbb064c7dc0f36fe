export { INVALID_SCHEDULE_MESSAGE, nextFireTime, parseScheduleExpression, type Schedule, type ScheduleParse } from './schedule-expression';
