// The REST definition of a task (GET /api/v1/tasks/{key}, the TaskDefinition
// schema of the OpenAPI document) carries every field the task input schema
// has, so a field added to the form, PUT and YAML is documented and returned
// without a second list to update; and a definition as a GET returns it
// (secrets masked) passes the output check tRPC makes.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../server/trpc/openapi/document';
import { taskDefinitionOutput } from '../../../server/trpc/openapi/outputs';
import { taskInputSchema } from '../../../server/tasks/schemas';

const inputFields = Object.keys(taskInputSchema.shape).sort();

describe('TaskDefinition (REST)', () => {
  it('documents every field of the task input schema', () => {
    const doc = openApiDocument() as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const documented = Object.keys(doc.components.schemas.TaskDefinition!.properties);
    expect(inputFields.filter((field) => !documented.includes(field))).toEqual([]);
    // Fields added since the hand-written list (retry jitter, catch-up limit, …) are among them.
    expect(documented).toEqual(expect.arrayContaining(['retryJitter', 'retryMaxDelaySeconds', 'maxInstances', 'misfireGraceSeconds', 'catchUpLimit', 'scriptBody']));
  });

  it('accepts a definition as a GET returns it, secret values masked, and refuses a wrong type', () => {
    const now = new Date();
    const definition = {
      ...taskInputSchema.parse({ key: 'nightly', name: 'Nightly', kind: 'shell', command: 'echo hi', env: { PLAIN: 'x' } }),
      env: { PLAIN: 'x', API_TOKEN: { secret: true } },
      httpHeaders: { Authorization: { secret: true } },
      id: 1, kind: 'shell', command: 'echo hi', httpMethod: null, httpUrl: null, handler: null, scriptInterpreter: null,
      scheduleDescription: 'manual', timezone: 'UTC', labels: [], assignee: null, nextRunAt: null, lastRunAt: null,
      lastRunStatus: null, version: 1, source: 'web', createdAt: now, updatedAt: now,
    };
    const parsed = taskDefinitionOutput.safeParse(definition);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const wrong = taskDefinitionOutput.safeParse({ ...definition, catchUpLimit: 'ten' });
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(['catchUpLimit']);
  });
});
