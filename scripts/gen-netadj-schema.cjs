// Regenerates media/netadj.schema.json from src/model/yaml/vocabulary.ts.
// Run after `npx tsc -p tsconfig.test.json` (it reads the compiled module from out/).
const fs = require('node:fs');
const path = require('node:path');
const { netadjSchemaText } = require('../out/src/model/yaml/schema.js');

const target = path.join(__dirname, '..', 'media', 'netadj.schema.json');
fs.writeFileSync(target, netadjSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
