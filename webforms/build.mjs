// Builds the offline form page's script into the Django app's static files (committed, so that neither the
// demo nor CI needs node): `npm ci && npm run build` after changing src/ or the package versions.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = '../pathways/fieldcapture/static/fieldcapture/webforms';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { offline: 'src/offline.js' },
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: true,
  target: 'es2022',
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    'process.env.NODE_ENV': '"production"',
  },
  logLevel: 'info',
});
