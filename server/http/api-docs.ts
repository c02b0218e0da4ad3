// The interactive API reference at /api/docs: Swagger UI from our own copy of
// swagger-ui-dist (no CDN: it works offline), reading /api/v1/openapi.json.
// Its scripts are files of ours, never inline, so the page runs under a CSP
// of 'self' (next.config.ts gives /api/docs that policy).
import 'server-only';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export { DOCS_CSP } from './docs-policy';

const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false, tryItOutEnabled: false });
});
`;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cronboard API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<noscript>The reference needs JavaScript; the document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const ASSETS: Record<string, { file?: string; body?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'init.js': { body: INIT_SCRIPT, type: 'text/javascript; charset=utf-8' },
};

const distDir = () => dirname(createRequire(join(process.cwd(), 'package.json')).resolve('swagger-ui-dist/package.json'));

/** One of the page's own files, or null for any other name. */
export async function docsAsset(name: string): Promise<{ body: string | Buffer; type: string } | null> {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  return { body: asset.body ?? (await readFile(join(distDir(), asset.file!))), type: asset.type };
}
