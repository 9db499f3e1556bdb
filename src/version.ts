/** The product version, from the manifest at build time. */
import manifest from '../package.json';

export const VERSION: string = manifest.version;
