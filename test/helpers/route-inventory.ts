/**
 * The routes of the running app, read from the app itself rather than written down by hand:
 * the operations of the OpenAPI document (`GET /api/v1/openapi.json`) and every handler the
 * Hono app registered (`inspectRoutes`, middleware left out). The authorisation matrix
 * (test/integration/authz-matrix.test.ts) walks these, so a new route cannot slip past it.
 */
import type { Hono } from 'hono';
import { inspectRoutes } from 'hono/dev';

/** One route: `method` upper-case, `path` as its router spells it (`/items/:id{[0-9]+}`). */
export interface Route {
  method: string;
  path: string;
}

/** One OpenAPI operation, with the names of its path and query parameters. */
export interface ApiOperation extends Route {
  pathParams: string[];
  queryParams: string[];
  /** The request body's media type, when the operation has one. */
  bodyType: string | null;
}

/** `GET /items/:id` — how the matrix and its failure messages name a route. */
export const routeName = (route: Route): string => `${route.method} ${route.path}`;

interface OpenApiParameter {
  name: string;
  in: string;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, unknown> };
}

/**
 * Every operation of an OpenAPI 3 document, paths as the document writes them
 * (`/api/v1/items/{id}`).
 *
 * @example apiOperations(await (await fetch(`${url}/api/v1/openapi.json`)).json())
 */
export function apiOperations(document: unknown): ApiOperation[] {
  const paths = (document as { paths: Record<string, Record<string, OpenApiOperation>> }).paths;
  const operations: ApiOperation[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const names = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: names('path'),
        queryParams: names('query'),
        bodyType: Object.keys(operation.requestBody?.content ?? {})[0] ?? null,
      });
    }
  }
  return operations;
}

/**
 * Every handler of a Hono app, once each (a route with its own middleware — `requireAdmin` —
 * is listed once, by its handler). `ALL` handlers stay in: they answer every method.
 *
 * @example appRoutes(createHttpApp(app)).map(routeName) // ['GET /healthz', …]
 */
export function appRoutes(http: Hono): Route[] {
  const seen = new Map<string, Route>();
  for (const route of inspectRoutes(http)) {
    if (route.isMiddleware) continue;
    const one = { method: route.method, path: route.path };
    seen.set(routeName(one), one);
  }
  return [...seen.values()];
}

/** An OpenAPI path in Hono's spelling: `/api/v1/items/{id}` → `/api/v1/items/:id`. */
export const honoPath = (openApiPath: string): string => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/** A path parameter of a route: its name and, in Hono's syntax, the pattern it must match. */
export interface PathParam {
  name: string;
  pattern: string | null;
}

const PARAM = /:(\w+)(\{[^}]*\})?|\{(\w+)\}/g;

/** The parameters of a route path, Hono (`:id{[0-9]+}`) or OpenAPI (`{id}`) syntax. */
export function pathParams(path: string): PathParam[] {
  return [...path.matchAll(PARAM)].map((m) => ({
    name: (m[1] ?? m[3])!,
    pattern: m[2] ? m[2].slice(1, -1) : null,
  }));
}

/**
 * The alternatives of a parameter pattern that lists fixed words (`starred|dismissed|read`);
 * null for any other pattern (`[0-9]+`) or none.
 */
export function patternWords(pattern: string | null): string[] | null {
  if (!pattern || !/^[\w-]+(\|[\w-]+)*$/.test(pattern)) return null;
  return pattern.split('|');
}

/**
 * The concrete paths of a route once its parameters are filled: `values` gives a parameter's
 * value; a parameter that only takes fixed words (`:flag{starred|dismissed|read}`) is tried
 * with each. A `*` is left for the caller (null is returned) as is a parameter `values` cannot
 * fill (its name is thrown, for the matrix's failure message).
 *
 * @example fillPath('/items/:id{[0-9]+}/:flag{starred|read}', (name) => name === 'id' ? '7' : null)
 * // → ['/items/7/starred', '/items/7/read']
 */
export function fillPath(path: string, values: (name: string) => string | null): string[] | null {
  if (path.includes('*')) return null;
  let paths = [path];
  for (const param of pathParams(path)) {
    const words = patternWords(param.pattern);
    const value = values(param.name);
    const choices = value !== null ? [value] : words;
    if (!choices) throw new MissingParamError(param.name);
    const raw = param.pattern ? `:${param.name}{${param.pattern}}` : null;
    paths = paths.flatMap((p) =>
      choices.map((choice) =>
        p.includes(`{${param.name}}`)
          ? p.replace(`{${param.name}}`, encodeURIComponent(choice))
          : p.replace(raw ?? `:${param.name}`, encodeURIComponent(choice)),
      ),
    );
  }
  return paths;
}

/** A route parameter the matrix does not know how to fill. */
export class MissingParamError extends Error {
  constructor(readonly param: string) {
    super(`route-inventory: no value for :${param}`);
  }
}
