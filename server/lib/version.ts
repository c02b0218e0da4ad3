import pkg from '../../package.json' with { type: 'json' };

/** Cronboard's version (package.json), recorded on worker rows. */
export const version: string = pkg.version;
