// Checks the built @otter/client package: what `npm pack` would publish, that it loads on its own,
// exports the documented API, and carries no React.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('../sdk/', import.meta.url));
const failures = [];

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: sdk, encoding: 'utf8' }));
const files = pack.files.map((file) => file.path);
for (const wanted of ['dist/otter-client.js', 'dist/index.d.ts', 'package.json']) {
  if (!files.includes(wanted)) failures.push(`npm pack would not include ${wanted}`);
}

const bundle = readFileSync(new URL('dist/otter-client.js', `file://${sdk}`), 'utf8');
if (/\breact(-dom)?\b['"]/.test(bundle) || bundle.includes('react.production')) failures.push('the bundle contains React');

const api = await import(new URL('dist/otter-client.js', `file://${sdk}`).href);
for (const name of ['joinRoom', 'RoomEvent', 'ErrorReason', 'OtterError', 'ExponentialBackoffPolicy']) {
  if (!(name in api)) failures.push(`the package does not export ${name}`);
}
const types = readFileSync(new URL('dist/index.d.ts', `file://${sdk}`), 'utf8');
if (!types.includes('joinRoom')) failures.push('index.d.ts does not declare joinRoom');

if (failures.length > 0) {
  console.error(`@otter/client package check failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`@otter/client ${pack.version}: ${files.length} files, ${(pack.size / 1024).toFixed(1)} kB packed; exports ${Object.keys(api).length} names; no React`);
