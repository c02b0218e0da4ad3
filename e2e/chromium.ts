// Debian's Chromium and the flags it needs here (no sandbox as root, nothing fetched
// from the network); shared by playwright.config.ts and scripts/bench-web.ts.
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
