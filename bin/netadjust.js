#!/usr/bin/env node
// The `netadjust` command: runs the bundled CLI.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('netadjust: the CLI is not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(bundle).main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
