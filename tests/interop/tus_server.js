// The official tus server, @tus/server with @tus/file-store, on loopback for the interoperability tests.
// Usage: node tus_server.js DIR [--plain]
// Serves /api/v1/uploads (where the terminal's client looks) and prints {"port": N} once it listens.
// --plain: a server of the core protocol and creation only (no creation-with-upload, no checksums).
'use strict'
const { Server } = require('@tus/server')
const { FileStore } = require('@tus/file-store')

const [directory, ...flags] = process.argv.slice(2)
const datastore = new FileStore({ directory })
if (flags.includes('--plain')) {
  datastore.extensions = ['creation']
}
const server = new Server({ path: '/api/v1/uploads', datastore })
const http = server.listen({ host: '127.0.0.1', port: 0 }, () => {
  process.stdout.write(JSON.stringify({ port: http.address().port }) + '\n')
})
process.on('SIGTERM', () => http.close(() => process.exit(0)))
