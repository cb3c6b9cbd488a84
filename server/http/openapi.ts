import { z } from 'zod';
import { errorResponseSchema } from '../../shared/errors';
import type { AnyRoute } from './route';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) {
    return [];
  }
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function accessText(route: AnyRoute): string {
  switch (route.access.kind) {
    case 'public':
      return 'No sign-in needed.';
    case 'authenticated':
      return 'Any signed-in user.';
    case 'roles':
      return `Roles: ${route.access.roles.join(', ')}.`;
  }
}

const FILE_SCHEMA = { type: 'string', format: 'binary' };

function filesOf(mediaTypes: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(mediaTypes.map((type) => [type, { schema: FILE_SCHEMA }]));
}

function requestBodyOf(route: AnyRoute): Record<string, unknown> {
  if (route.body) {
    return {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      },
    };
  }
  return route.rawBody ? { requestBody: { required: true, content: filesOf(route.rawBody) } } : {};
}

/** JSON, the non-JSON forms (printable text, HTML, CSV), or both when the route answers by Accept or ?format. */
function successOf(route: AnyRoute): Record<string, unknown> {
  if (!route.response && !route.rawResponse) {
    return { description: 'Success, no content' };
  }
  return {
    description: 'Success',
    content: {
      ...(route.response ? { 'application/json': { schema: toSchema(route.response, 'output') } } : {}),
      ...(route.rawResponse ? filesOf(route.rawResponse) : {}),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same route list and zod schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openApiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(route.successStatus ?? (route.response || route.rawResponse ? 200 : 204));
    const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method] = {
      summary: route.summary,
      description: accessText(route),
      tags: route.tags,
      ...(route.access.kind === 'public' ? { security: [] } : {}),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...requestBodyOf(route),
      responses: {
        [status]: successOf(route),
        default: { description: 'Error (see the error codes in the API contract)', content: errorContent },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pet Products POS API', version },
    servers: [{ url: '/' }],
    components: {
      schemas: { Error: toSchema(errorResponseSchema, 'output') },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pos.sid',
          description: 'Writes also need X-CSRF-Token',
        },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
