// `npm pack` / `npm publish` (prepack): the package ships www/pkg/, the wasm module without the
// default articles, which scripts/build-wasm.sh builds; refuse to pack without it.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const missing = ['zhsearch_widget.js', 'zhsearch_widget_bg.wasm', 'zhsearch_widget.d.ts']
  .map((f) => path.join('www/pkg', f)).filter((f) => !fs.existsSync(path.join(root, f)));
if (missing.length) {
  console.error(`zhsearch: ${missing.join(', ')} missing: run scripts/build-wasm.sh before npm pack`);
  process.exit(1);
}
