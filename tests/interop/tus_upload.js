// tus-js-client, the official JavaScript tus client, run in Node by the interoperability tests.
// Usage: node tus_upload.js JSON, with JSON {endpoint, file, headers, chunkSize, metadata,
//   uploadDataDuringCreation, overridePatchMethod, uploadUrl, retryDelays, stopAfterChunks}
//   or {terminate: URL, headers}.
// Prints one JSON line: {"ok": true, "url": U, "retries": N}
//   | {"ok": false, "stopped": true, "url": U, "offset": N}
//   | {"ok": false, "error": TEXT, "status": HTTP status or 0}.
'use strict'
const fs = require('node:fs')
const tus = require('tus-js-client')

const opts = JSON.parse(process.argv[2])

function done(result) {
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

function failed(err) {
  const res = err.originalResponse
  done({ ok: false, error: String(err.message || err), status: res ? res.getStatus() : 0 })
}

if (opts.terminate) {
  tus.Upload.terminate(opts.terminate, { headers: opts.headers }).then(() => done({ ok: true }), failed)
} else {
  let chunks = 0
  let retries = 0
  const upload = new tus.Upload(fs.readFileSync(opts.file), {
    endpoint: opts.endpoint,
    uploadUrl: opts.uploadUrl || null,
    headers: opts.headers || {},
    metadata: opts.metadata || {},
    chunkSize: opts.chunkSize || Number.POSITIVE_INFINITY,
    uploadDataDuringCreation: Boolean(opts.uploadDataDuringCreation),
    overridePatchMethod: Boolean(opts.overridePatchMethod),
    retryDelays: opts.retryDelays || null,
    storeFingerprintForResuming: false,
    onShouldRetry: () => {
      retries += 1
      return true
    },
    onChunkComplete: (_size, accepted) => {
      chunks += 1
      if (opts.stopAfterChunks && chunks >= opts.stopAfterChunks) {
        upload.abort().then(() => done({ ok: false, stopped: true, url: upload.url, offset: accepted }))
      }
    },
    onSuccess: () => done({ ok: true, url: upload.url, retries }),
    onError: failed,
  })
  upload.start()
}
