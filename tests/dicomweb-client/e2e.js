// Drives a running ClinicalImaging server with dicomweb-client, an independent DICOMweb client:
// STOW-RS of the given files, then QIDO-RS and WADO-RS (instance, metadata, frames, rendered) of each.
// Usage: DICOMWEB_URL=http://127.0.0.1:PORT/dicomweb DICOMWEB_TOKEN=... node e2e.js FILE...
// Prints one JSON document with what the client got back; the xunit test (DicomWebClientTests) judges it.
'use strict';

global.XMLHttpRequest = require('xhr2');
const crypto = require('crypto');
const fs = require('fs');
const { api } = require('dicomweb-client');

const sha256 = (buffer) => crypto.createHash('sha256').update(Buffer.from(buffer)).digest('hex');
const first = (dataset, tag) => (dataset[tag] && dataset[tag].Value ? dataset[tag].Value[0] : null);

// Only the attributes the test compares; nested values as the client parsed them.
const summary = (dataset) => ({
  studyInstanceUid: first(dataset, '0020000D'),
  seriesInstanceUid: first(dataset, '0020000E'),
  sopInstanceUid: first(dataset, '00080018'),
  sopClassUid: first(dataset, '00080016'),
  modality: first(dataset, '00080060'),
  rows: first(dataset, '00280010'),
  columns: first(dataset, '00280011'),
});

async function main() {
  const url = process.env.DICOMWEB_URL;
  const client = new api.DICOMwebClient({ url, headers: { Authorization: `Bearer ${process.env.DICOMWEB_TOKEN}` } });
  const files = process.argv.slice(2);
  const bytes = files.map((file) => fs.readFileSync(file));

  const stowResponse = await client.storeInstances({
    datasets: bytes.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
  });
  const stow = typeof stowResponse === 'string' ? JSON.parse(stowResponse) : stowResponse;
  const referenced = ((stow['00081199'] || {}).Value || []).map((item) => ({
    sopClassUid: first(item, '00081150'),
    sopInstanceUid: first(item, '00081155'),
    retrieveUrl: first(item, '00081190'),
  }));

  const results = [];
  for (let i = 0; i < files.length; i++) {
    // QIDO-RS finds the instance from its SOP Instance UID alone, then its study and series.
    const sopInstanceUID = referenced[i] ? referenced[i].sopInstanceUid : null;
    const found = await client.searchForInstances({ queryParams: { SOPInstanceUID: sopInstanceUID } });
    const instance = summary(found[0] || {});
    const ids = {
      studyInstanceUID: instance.studyInstanceUid,
      seriesInstanceUID: instance.seriesInstanceUid,
      sopInstanceUID,
    };
    const studies = await client.searchForStudies({ queryParams: { StudyInstanceUID: ids.studyInstanceUID } });
    const series = await client.searchForSeries({ studyInstanceUID: ids.studyInstanceUID });

    const retrieved = await client.retrieveInstance(ids);
    const metadata = await client.retrieveInstanceMetadata(ids);
    const frameCount = Number(first(metadata[0], '00280008') || 1);
    const frameNumbers = frameCount > 1 ? [1, frameCount] : [1];
    const frames = await client.retrieveInstanceFrames({ ...ids, frameNumbers });
    // With media types the client answers an array of one ArrayBuffer.
    const [png] = await client.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/png' }] });
    const rendered = Buffer.from(png);

    results.push({
      qidoInstances: found.length,
      qidoInstance: instance,
      qidoStudies: studies.map((s) => first(s, '0020000D')),
      qidoSeries: series.map((s) => first(s, '0020000E')),
      instanceSha256: sha256(retrieved),
      metadata: metadata.map(summary),
      frames: frames.map((frame, n) => ({ number: frameNumbers[n], length: frame.byteLength, sha256: sha256(frame) })),
      rendered: {
        signature: rendered.subarray(0, 8).toString('hex'),
        width: rendered.length >= 24 ? rendered.readUInt32BE(16) : null,
        height: rendered.length >= 24 ? rendered.readUInt32BE(20) : null,
      },
    });
  }

  process.stdout.write(JSON.stringify({ referenced, failed: ((stow['00081198'] || {}).Value || []).length, results }));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : JSON.stringify(error)}\n`);
  process.exit(1);
});
