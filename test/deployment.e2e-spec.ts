import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  container_name?: string;
  healthcheck?: { disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

describe('the deployment files', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('runs the API and the worker as two services of the image the Dockerfile builds, so the worker scales', () => {
    const { api, worker } = compose.services;
    expect(api.build).toBe('.');
    expect(worker.build).toBe('.');
    expect(worker.image).toBe(api.image);
    expect(api.command).toEqual(['node', 'dist/src/main.js']);
    // The worker runs as `npm run start:worker` does, with the same memory settings.
    const startWorker = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:worker'];
    expect(worker.command).toEqual(startWorker.split(' '));
    expect(worker.command?.at(-1)).toBe('dist/src/worker.js');
    // --scale worker=3 needs a worker without a fixed name or a host port.
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(worker.environment).toMatchObject({ RUN_MIGRATIONS: 'false', REDIS_URL: api.environment?.REDIS_URL, DATABASE_URL: api.environment?.DATABASE_URL });
    expect(worker.depends_on?.api).toEqual({ condition: 'service_healthy' });
    expect(worker.healthcheck).toEqual({ disable: true });
  });

  it('publishes neither PostgreSQL nor Redis on the host, and the API only on the loopback', () => {
    expect(compose.services.postgres.ports).toBeUndefined();
    expect(compose.services.redis.ports).toBeUndefined();
    expect(compose.services.api.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('builds in two stages on Node 24 and runs unprivileged, production dependencies only, with a health check', () => {
    const stages = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(stages).toEqual(['FROM node:24-bookworm-slim AS build', 'FROM node:24-bookworm-slim']);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).not.toMatch(/COPY \. |COPY --from=build \/app \.|\/app\/src /);
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('24');
  });
});
