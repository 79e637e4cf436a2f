// `npm run build [-- --outDir DIR]`: tsc (tsconfig.build.json), then the Lua scripts beside the
// compiled code that reads them (src/**/lua/*.lua → DIR/**/lua/*.lua). Arguments go to tsc.
import { spawnSync } from 'node:child_process';
import { cpSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// Its bin file, not an export of the package: typescript 7 exports no ./bin path.
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...args], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const at = args.indexOf('--outDir');
const outDir = at >= 0 ? args[at + 1] : 'dist';
cpSync('src', outDir, { recursive: true, filter: (path) => statSync(path).isDirectory() || path.endsWith('.lua') });
