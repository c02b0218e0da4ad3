// Job files: both formats and every field read into the task input, and every
// problem located as file:line:column: field: reason (table-driven).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobFileJsonSchema } from '../../../server/jobs/job-schema';
import { parseJobFile } from '../../../server/jobs/parse-job-file';
import { formatProblem } from '../../../server/jobs/problems';

const parse = (text: string, env: Record<string, string> = {}) =>
  parseJobFile({ file: '/x/jobs/daily.yaml', display: 'jobs/daily.yaml', text, defaultTimezone: 'UTC', env });
const problems = (text: string) => parse(text).problems.map(formatProblem);

describe('job files', () => {
  it('reads every field of the one-task format onto the task input', () => {
    const { entries, problems: found } = parse(
      [
        'id: full',
        'name: Full',
        'description: Every field',
        'http: {method: POST, url: "https://example.com/x", headers: {X-A: b, Authorization: "${AUTH}"}, body: "{}"}',
        'schedule: "0 2 * * *"',
        'timezone: Europe/Paris',
        'priority: urgent',
        'enabled: false',
        'max_retries: 3',
        'retry_delay_seconds: 10',
        'retry_max_delay_seconds: 600',
        'retry_jitter: 0.25',
        'backoff: fixed',
        'timeout_seconds: 120',
        'overlap: allow',
        'max_instances: 3',
        'misfire: catch_up',
        'misfire_grace_seconds: 60',
        'catch_up_limit: 3',
        'cwd: /tmp',
        'env: {PORT: 8080, DEBUG: true}',
        'labels: [a, b]',
        'assignee: ada',
      ].join('\n'),
      { AUTH: 'Bearer xyz' },
    );
    expect(found).toEqual([]);
    expect(entries[0]?.input).toEqual({
      key: 'full',
      name: 'Full',
      kind: 'http',
      description: 'Every field',
      httpMethod: 'POST',
      httpUrl: 'https://example.com/x',
      httpHeaders: { 'X-A': 'b', Authorization: { value: 'Bearer xyz', secret: true } },
      httpBody: '{}',
      schedule: '0 2 * * *',
      timezone: 'Europe/Paris',
      priority: 'urgent',
      paused: true,
      maxRetries: 3,
      retryDelaySeconds: 10,
      retryMaxDelaySeconds: 600,
      retryJitter: 0.25,
      retryBackoff: 'fixed',
      timeoutSeconds: 120,
      overlap: 'allow',
      maxInstances: 3,
      misfire: 'catch_up',
      misfireGraceSeconds: 60,
      catchUpLimit: 3,
      cwd: '/tmp',
      env: { PORT: '8080', DEBUG: 'true' },
      labels: ['a', 'b'],
      assignee: 'ada',
    });
  });

  it('loads the shipped examples unchanged, several documents per file allowed', () => {
    for (const file of ['example-daily.yaml', 'scheduled-tasks.yaml', 'health-check.yaml']) {
      const text = readFileSync(join(process.cwd(), 'examples/jobs', file), 'utf8');
      expect(parse(text).problems, file).toEqual([]);
    }
    expect(parse('id: a\ncommand: echo a\n---\nid: b\ncommand: echo b\n---\n').entries.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('reads script: and interpreter: as a script task, the body as written', () => {
    const { entries, problems: found } = parse('id: inline\nscript: |\n  import sys\n\n  print(sys.argv[0])\ninterpreter: python3\n');
    expect(found).toEqual([]);
    expect(entries[0]?.input).toMatchObject({ kind: 'script', scriptInterpreter: 'python3', scriptBody: 'import sys\n\nprint(sys.argv[0])\n' });
  });

  it.each([
    ['id: daily\ncommand: x\nschedule: "61 2 * * *"\n', 'jobs/daily.yaml:3:12: schedule: minute: 61 is out of range 0-59'],
    ['id: daily\ncommand: x\nmaxRetries: 2\n', 'jobs/daily.yaml:3:1: maxRetries: unknown key (did you mean max_retries?)'],
    ['id: daily\ncommand: x\nshedule: daily\n', 'jobs/daily.yaml:3:1: shedule: unknown key (did you mean schedule?)'],
    ['id: daily\nhttp:\n  url: http://a\n  methd: GET\n', 'jobs/daily.yaml:4:3: http.methd: unknown key (did you mean method?)'],
    ['id: daily\ncommand: x\npriority: hi\n', /^jobs\/daily\.yaml:3:11: priority: .*"low"\|"medium"\|"high"\|"urgent"/],
    ['id: Daily Job\ncommand: x\n', /^jobs\/daily\.yaml:1:5: id: must be lowercase/],
    ['id: daily\n', 'jobs/daily.yaml:1:1: says nothing to run: give one of command, http, handler (function in a tasks: list) or script'],
    ['id: daily\ncommand: x\nhandler: y\n', 'jobs/daily.yaml:3:10: handler: give only one of command, handler'],
    ['id: daily\nscript: echo hi\n', 'jobs/daily.yaml:1:1: interpreter: is required for a script task'],
    ['id: daily\nscript: puts 1\ninterpreter: ruby\n', /^jobs\/daily\.yaml:3:14: interpreter: must be one of sh, bash, python3, node or an absolute path/],
    ['id: daily\ncommand: x\nscript: y\ninterpreter: sh\n', 'jobs/daily.yaml:3:9: script: give only one of command, script'],
    [
      'id: daily\ncommand: x\nenv:\n  TOKEN: ${MISSING_VAR}\n',
      'jobs/daily.yaml:4:10: env.TOKEN: ${MISSING_VAR} is not set in the environment',
    ],
    ['id: daily\ncommand: x\ntimezone: Mars/Base\n', /^jobs\/daily\.yaml:3:11: timezone: /],
    [
      'tasks:\n  - name: Mail\n    type: interval\n    schedule: "0 9 * * *"\n    function: m:f\n',
      "jobs/daily.yaml:4:15: schedule: '0 9 * * *' is a cron schedule, but type is interval",
    ],
    [
      'tasks:\n  - name: Mail\n    type: cron\n    schedule: 5 minutes\n    function: m:f\n',
      "jobs/daily.yaml:4:15: schedule: '5 minutes' is an interval, but type is cron",
    ],
    ['id: [\n', /^jobs\/daily\.yaml:1:\d+: /],
  ])('%j → %s', (text, expected) => {
    const found = problems(text);
    if (typeof expected === 'string') expect(found).toContain(expected);
    else
      expect(
        found.some((p) => expected.test(p)),
        found.join('\n'),
      ).toBe(true);
  });

  it('reports every problem of a file, not only the first', () => {
    expect(
      problems('id: daily\ncommand: x\nschedule: "61 2 * * *"\nmax_retries: -1\npriority: hi\nmaxRetries: 1\n'),
    ).toHaveLength(4);
  });

  it('keeps docs/jobs.schema.json the JSON Schema generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'docs/jobs.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(jobFileJsonSchema());
  });
});
