import type { NextConfig } from 'next';
import { DOCS_CSP } from './server/http/docs-policy';

/** On every response (pages get their full nonce-based CSP, and HSTS over https, from proxy.ts). */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  // Cronboard uses none of these; a page (or an injected script) may not ask for them.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'pino', 'pino-pretty', 'nodemailer'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  headers: async () => [
    { source: '/:path*', headers: securityHeaders },
    // API answers are data, never pages: nothing may run or frame them. The API reference (/api/docs) is the one page
    // under /api: it runs our own scripts only (DOCS_CSP in server/http/api-docs.ts).
    { source: '/api/:path((?!docs(?:/|$)).*)', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    { source: '/api/docs/:path*', headers: [{ key: 'Content-Security-Policy', value: DOCS_CSP }] },
    { source: '/api/docs', headers: [{ key: 'Content-Security-Policy', value: DOCS_CSP }] },
  ],
};

export default nextConfig;
