import type { Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match?: (path: string) => unknown;
}

/**
 * The methods the application answers on the request's path, from Express' own routing table:
 * when a request found no route but its path has others, the answer is 405 with Allow, not 404.
 * HEAD goes with GET, as Express answers it. Empty when the path is unknown.
 */
export function allowedMethods(request: Request): string[] {
  const stack = (request.app as unknown as { router?: { stack?: RouteLayer[] } } | undefined)?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || typeof layer.match !== 'function') continue;
    if (!layer.match(request.path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return methods.has(request.method.toUpperCase()) ? [] : [...methods].sort();
}

/** Whether a 404 comes from no route matching (Nest's own handler), not from a handler. */
export function isRouteNotFound(message: unknown, request: Request): boolean {
  return typeof message === 'string' && message === `Cannot ${request.method} ${request.originalUrl ?? request.url}`;
}
