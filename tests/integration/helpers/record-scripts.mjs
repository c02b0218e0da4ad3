// Preloaded with `node --import` by provider-modules.test.ts: records the URL
// of every script the process parses (ESM and CommonJS alike, through the
// in-process inspector) and writes them, one a line, to RECORD_SCRIPTS_FILE
// when the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const urls = new Set();
const session = new Session();
session.connect();
session.on('Debugger.scriptParsed', (message) => {
  if (message.params.url) urls.add(message.params.url);
});
session.post('Debugger.enable');
process.on('exit', () => writeFileSync(process.env.RECORD_SCRIPTS_FILE, [...urls].join('\n') + '\n'));
