#!/usr/bin/env node
// The `quantdesk` command: the built CLI (`npm run build` makes out/main/cli.js).
import '../out/main/cli.js';
