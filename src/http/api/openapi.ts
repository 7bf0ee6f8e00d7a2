import { z } from 'zod';
import type { AnyRouteSpec } from './route.ts';
import { errorSchema } from './schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Json;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** A route's responses: its success, then the errors every route has and its own. */
function responsesOf(route: AnyRouteSpec): Record<string, Json> {
  const status = String(route.status ?? 200);
  const responses: Record<string, Json> = {};
  if (route.status === 204) responses[status] = { description: 'done' };
  else if (route.rawResponse) {
    responses[status] = {
      description: route.rawResponse.description,
      content: { [route.rawResponse.contentType]: { schema: { type: 'string' } } },
    };
  } else {
    responses[status] = {
      description: 'success',
      content: {
        'application/json': { schema: route.response ? schemaOf(route.response, 'output') : {} },
      },
    };
  }
  const errorContent = { 'application/json': { schema: schemaOf(errorSchema, 'output') } };
  for (const [code, description] of Object.entries({
    400: 'invalid input',
    401: 'missing or invalid bearer token',
    404: 'not found (or not yours)',
    ...route.errors,
  })) {
    responses[code] = { description, ...(Number(code) >= 400 ? { content: errorContent } : {}) };
  }
  return responses;
}

/** One route as an OpenAPI operation. */
function operationOf(route: AnyRouteSpec): Json {
  const operation: Json = {
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_m, ch: string) => ch.toUpperCase()).replace(/\W/g, '')}`,
    summary: route.summary,
    tags: [route.tag],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    responses: responsesOf(route),
  };
  if (route.body) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
    };
  } else if (route.rawBody) {
    operation.requestBody = {
      required: true,
      description: route.rawBody.description,
      content: { [route.rawBody.contentType]: { schema: { type: 'string' } } },
    };
  }
  return operation;
}

/**
 * The OpenAPI 3 document of `/api/v1`, generated from the same zod schemas that validate the
 * requests, so that documentation and behaviour cannot drift apart.
 *
 * @example api.get('/openapi.json', (c) => c.json(openApiDocument(registry, config.baseUrl)))
 */
export function openApiDocument(routes: readonly AnyRouteSpec[], baseUrl: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][route.method] = operationOf(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Checkpoint API',
      version: '1',
      description:
        "Pull, don't be pushed. Every route needs `Authorization: Bearer <token>` (`checkpoint token create`).",
    },
    servers: [{ url: baseUrl }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
