import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { AnyRouteSpec } from './route.ts';
import { errorSchema } from './schemas.ts';

type Json = Record<string, unknown>;
type SchemaOf = (schema: z.ZodType, io: 'input' | 'output') => Json;

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';

/** A schema that admits null and nothing else (3.0.3: `nullable` needs a `type` beside it). */
const ONLY_NULL = { type: 'object', nullable: true, enum: [null] };

/**
 * OpenAPI 3.0.3 applies `nullable` only beside a `type`, and the referenced schema must still
 * hold, so zod's `{ nullable: true, allOf: [{ $ref }] }` refuses null to a strict reader (OAI
 * proposal 003, "Clarify nullable"). The spelling 3.0 honours is a union with a null-only schema.
 */
function nullableRef(schema: Json): Json {
  const { nullable, allOf, ...rest } = schema;
  const [only, ...more] = Array.isArray(allOf) ? (allOf as Json[]) : [];
  if (nullable !== true || rest.type !== undefined || !only?.$ref || more.length > 0) {
    return schema;
  }
  return { ...rest, anyOf: [only, ONLY_NULL] };
}

/**
 * Makes one converted schema fit for `components`: zod's `#/definitions/<id>` refs point at
 * `#/components/schemas/<id>`, and nullable refs are spelled as OpenAPI 3.0 reads them.
 */
function asComponentSchema<T>(value: T): T {
  if (Array.isArray(value)) return value.map(asComponentSchema) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof v === 'string' && v.startsWith(DEFINITIONS)
        ? `${COMPONENTS}${v.slice(DEFINITIONS.length)}`
        : asComponentSchema(v);
  }
  return nullableRef(out) as T;
}

/**
 * A converter from zod to OpenAPI 3.0 Schema Objects that collects the named schemas. zod inlines
 * every schema with `.meta({ id })` that a conversion meets under `definitions`, a JSON Schema
 * keyword that OpenAPI 3.0 Schema Objects do not have; they are lifted into the one shared
 * `components/schemas` instead, and each use becomes a `#/components/schemas/<id>` ref.
 */
function schemaCollector(): { schemaOf: SchemaOf; schemas: Record<string, Json> } {
  const schemas: Record<string, Json> = {};
  const schemaOf: SchemaOf = (schema, io) => {
    const { definitions = {}, ...root } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      target: 'openapi-3.0',
    }) as Json & { definitions?: Record<string, Json> };
    for (const [id, definition] of Object.entries(definitions)) {
      const body = asComponentSchema(definition);
      // One name, one shape: a request shape that differs from the response shape of the same
      // id (a default, a coercion) would otherwise be documented as the other one.
      if (schemas[id] !== undefined && !isDeepStrictEqual(schemas[id], body)) {
        throw new Error(`openapi: the id ${id} names two different shapes; give one its own id`);
      }
      schemas[id] = body;
    }
    return asComponentSchema(root);
  };
  return { schemaOf, schemas };
}

function parameters(
  schemaOf: SchemaOf,
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
): Json[] {
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
function responsesOf(schemaOf: SchemaOf, route: AnyRouteSpec): Record<string, Json> {
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
function operationOf(schemaOf: SchemaOf, route: AnyRouteSpec): Json {
  const operation: Json = {
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_m, ch: string) => ch.toUpperCase()).replace(/\W/g, '')}`,
    summary: route.summary,
    tags: [route.tag],
    parameters: [
      ...parameters(schemaOf, route.params, 'path'),
      ...parameters(schemaOf, route.query, 'query'),
    ],
    responses: responsesOf(schemaOf, route),
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
 * The OpenAPI 3.0 document of `/api/v1`, generated from the same zod schemas that validate the
 * requests, so that documentation and behaviour cannot drift apart. Schemas named with
 * `.meta({ id })` are defined once under `components/schemas` and referenced from the operations.
 *
 * @example api.get('/openapi.json', (c) => c.json(openApiDocument(registry, config.baseUrl)))
 */
export function openApiDocument(routes: readonly AnyRouteSpec[], baseUrl: string): Json {
  const { schemaOf, schemas } = schemaCollector();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][route.method] = operationOf(schemaOf, route);
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
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    },
  };
}
