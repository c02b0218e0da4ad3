/** The e2e server's CRONBOARD_SECRET_KEY: a fixed test key (never a real one), so tasks with secrets can be saved and run, by the web app, its worker and the CLI alike. */
export const E2E_SECRET_KEY = process.env.CRONBOARD_SECRET_KEY ?? 'ZTJlLW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24=';
