#!/usr/bin/env node
// `npx cronboard …` from the project folder. Runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
