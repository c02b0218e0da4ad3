/** The Content-Security-Policy of the API reference (/api/docs): our own scripts only, nothing from elsewhere. Read by next.config.ts too. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
