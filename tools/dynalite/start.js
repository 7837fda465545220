#!/usr/bin/env node
// Otter's local DynamoDB engine: dynalite on 127.0.0.1 only.
// Usage: node start.js [--port N] [--path DIR]
//   --port  0 (the default) picks a free port
//   --path  persist under DIR (LevelDB); without it everything lives in memory
// Prints one line "dynalite listening on 127.0.0.1:<port>" once it accepts requests, and exits when its
// standard input closes, so that a parent that dies cannot leave it behind.
'use strict';
const dynalite = require('dynalite');

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const port = Number(option('--port') || 0);
const path = option('--path');
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.listen(port, '127.0.0.1', () => {
  console.log('dynalite listening on 127.0.0.1:' + server.address().port);
});
server.on('error', (err) => {
  console.error('dynalite: ' + err.message);
  process.exit(1);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
