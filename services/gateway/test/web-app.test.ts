import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from './gateway.ts';

let built: string;
let gw: RunningGateway;
let unbuilt: RunningGateway;

const INDEX = '<!doctype html><html lang="fr"><body><div id="root"></div></body></html>';

beforeAll(async () => {
  built = await mkdtemp(join(tmpdir(), 'comptoir-web-'));
  await mkdir(join(built, 'assets'));
  await writeFile(join(built, 'index.html'), INDEX);
  await writeFile(join(built, 'assets', 'index-abc123.js'), 'console.log("app")');
  await writeFile(join(built, 'robots.txt'), 'User-agent: *');
  gw = await startGateway({ GATEWAY_WEB_ROOT: built });
  unbuilt = await startGateway({ GATEWAY_WEB_ROOT: join(built, 'nothing-here') });
});
afterAll(async () => {
  await gw?.close();
  await unbuilt?.close();
  await rm(built, { recursive: true, force: true });
});

describe('the web app at /', () => {
  it('serves index.html at / and at any screen path the app routes in the browser', async () => {
    for (const path of ['/', '/pos', '/admin/products/prod_1', '/sign-in?next=%2Fpos']) {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain('text/html');
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text(), path).toBe(INDEX);
    }
  });

  it('serves built assets as files, hashed ones cached for good', async () => {
    const script = await fetch(`${gw.url}/assets/index-abc123.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(await script.text()).toBe('console.log("app")');
    const robots = await fetch(`${gw.url}/robots.txt`);
    expect(await robots.text()).toBe('User-agent: *');
  });

  it('answers a missing asset with a 404, not the app page', async () => {
    const response = await fetch(`${gw.url}/assets/gone-000.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('never lets a path climb out of the build', async () => {
    const response = await fetch(`${gw.url}/assets/..%2F..%2F..%2Fetc%2Fpasswd`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('root:');
  });

  it('leaves /api, health and metrics to their routes: an unknown API path is still a 404 problem', async () => {
    const unknown = await fetch(`${gw.url}/api/nosuch/thing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
    const posted = await fetch(`${gw.url}/pos`, { method: 'POST' });
    expect(posted.status).toBe(404);
  });

  it('gives the app a policy of its own scripts and styles, API calls to its origin, no framing', async () => {
    const csp = (await fetch(`${gw.url}/pos`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const api = (await fetch(`${gw.url}/api/nosuch`)).headers.get('content-security-policy') ?? '';
    expect(api).toContain("default-src 'none'");
  });

  it('says how to build the app when no build exists', async () => {
    const response = await fetch(`${unbuilt.url}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:web');
  });
});
