import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { REPO_ROOT } from './otter.mjs';

/** docs/openapi.yaml, the HTTP API's contract. */
export const OPENAPI_FILE = join(REPO_ROOT, 'docs', 'openapi.yaml');
const ROUTE_TABLE_FILE = join(REPO_ROOT, 'config', 'src', 'main', 'java', 'dev', 'otter', 'config', 'OtterRoute.java');
const ERRORS_FILE = join(REPO_ROOT, 'lambdas', 'src', 'main', 'java', 'dev', 'otter', 'lambda', 'Errors.java');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadDocument(file = OPENAPI_FILE) {
  return parse(readFileSync(file, 'utf8'));
}

/**
 * The HTTP routes of the route table (`OtterRoute`, their one home) as `METHOD /path`, read from its source: the
 * constants are one per line, `NAME(Api.HTTP, "METHOD /path", …)`. Every constant must parse, so a change of that
 * form fails here instead of silently shrinking the list.
 */
export function routeTable(file = ROUTE_TABLE_FILE) {
  const source = readFileSync(file, 'utf8');
  const constants = [...source.matchAll(/^\s{4}([A-Z][A-Z0-9_]*)\((.*)$/gm)];
  const routes = constants.map(([line, name, rest]) => {
    const match = /^Api\.(HTTP|WEBSOCKET),\s*"([^"]+)"/.exec(rest);
    if (!match) throw new Error(`cannot read the route table entry ${name}: ${line.trim()}`);
    return { name, api: match[1], routeKey: match[2] };
  });
  if (routes.length === 0) throw new Error(`no routes found in ${file}`);
  return routes;
}

/** Every error code of the one error-code home (`Errors`): `map(Problem.X, status, "code")` and the internal error. */
export function errorCodes(file = ERRORS_FILE) {
  const source = readFileSync(file, 'utf8');
  const mapped = [...source.matchAll(/map\(Problem\.[A-Z_]+,\s*(\d{3}),\s*"([a-z-]+)"\)/g)].map(([, status, code]) => ({
    status: Number(status),
    code,
  }));
  const internal = /INTERNAL\s*=\s*new Mapped\((\d{3}),\s*"([a-z-]+)"\)/.exec(source);
  if (mapped.length === 0 || !internal) throw new Error(`cannot read the error codes of ${file}`);
  return [...mapped, { status: Number(internal[1]), code: internal[2] }];
}

/** The part of `document` a local `$ref` (`#/…`) names. */
export function pointer(document, ref) {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

/** Every operation of the document's `paths` as `METHOD /path` with its operation. */
export function documentedOperations(document) {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      routeKey: `${method.toUpperCase()} ${path}`,
      path,
      method,
      operation: item[method],
    })),
  );
}

/**
 * Validates real answers against the document with openapi-backend's validator (Ajv under JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1), and records which operation answered which status.
 */
export async function contractValidator(document) {
  const api = new OpenAPIBackend({
    definition: structuredClone(document),
    // quick: dereference synchronously and skip openapi-backend's own document check, which knows OpenAPI 3.0
    // only (the document is checked by the linter, `npm run lint:openapi`).
    quick: true,
    strict: true,
    customizeAjv: (_draft7, ajvOptions) => {
      const ajv = new Ajv2020({ ...ajvOptions, strict: false, allErrors: true });
      addFormats(ajv);
      return ajv;
    },
  });
  await api.init();
  // The dereferenced document: a response given by `$ref` is looked up with its content.
  const operations = new Map(documentedOperations(api.definition).map((entry) => [entry.operation.operationId, entry]));
  const seen = new Map();

  return {
    /**
     * Throws unless `status` is documented for the operation and the body and headers match its response.
     * @param {string} operationId
     * @param {{status: number, headers: Headers, text: string}} answer
     */
    check(operationId, answer) {
      const entry = operations.get(operationId);
      if (!entry) throw new Error(`the document has no operation ${operationId}`);
      const response = entry.operation.responses?.[String(answer.status)];
      if (!response) {
        throw new Error(`${entry.routeKey} answered ${answer.status}, which the document does not list: ${answer.text}`);
      }
      const failures = [];
      const media = response.content ? Object.keys(response.content) : [];
      let body;
      if (media.length > 0) {
        const type = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
        if (!media.includes(type)) failures.push(`content-type ${JSON.stringify(type)} is not one of ${media.join(', ')}`);
        try {
          body = JSON.parse(answer.text);
        } catch {
          failures.push(`the body is not JSON: ${answer.text.slice(0, 200)}`);
        }
      }
      if (body !== undefined) {
        const result = api.validator.validateResponse(body, operationId, answer.status);
        if (!result.valid) failures.push(`body: ${JSON.stringify(result.errors)}`);
      }
      const headers = Object.fromEntries(answer.headers.entries());
      const headerResult = api.validator.validateResponseHeaders(headers, operationId, {
        statusCode: answer.status,
        setMatchType: 'superset',
      });
      if (!headerResult.valid) failures.push(`headers: ${JSON.stringify(headerResult.errors)}`);
      if (failures.length > 0) {
        throw new Error(`${entry.routeKey} ${answer.status} does not match docs/openapi.yaml:\n  ${failures.join('\n  ')}\n  body: ${answer.text.slice(0, 500)}`);
      }
      const statuses = seen.get(operationId) ?? new Set();
      statuses.add(String(answer.status));
      seen.set(operationId, statuses);
      return body;
    },
    /** operationId → the statuses checked so far. */
    seen,
    operations,
  };
}

/**
 * Validates webhook deliveries against the document's `webhooks`: the request body against the event's schema and
 * each header parameter against its schema (Ajv under JSON Schema 2020-12, the document loaded as one schema
 * resource so its `$ref`s resolve). Records the event types checked.
 */
export function webhookValidator(document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const id = 'https://otter.invalid/openapi.yaml';
  ajv.addSchema({ $id: id, components: document.components, webhooks: {} });
  const seen = new Set();
  return {
    /** @param {{headers: object, text: string}} delivery a request as the receiver got it (header names lower case) */
    check(delivery) {
      const body = JSON.parse(delivery.text);
      const webhook = document.webhooks?.[body.type]?.post;
      if (!webhook) throw new Error(`a webhook of type ${body.type}, which the document does not list: ${delivery.text}`);
      const failures = [];
      const schemaRef = webhook.requestBody.content['application/json'].schema.$ref;
      const validateBody = ajv.getSchema(`${id}${schemaRef}`);
      if (!validateBody(body)) failures.push(`body: ${JSON.stringify(validateBody.errors)}`);
      for (const parameter of webhook.parameters ?? []) {
        const resolved = parameter.$ref ? pointer(document, parameter.$ref) : parameter;
        const value = delivery.headers[resolved.name.toLowerCase()];
        if (value === undefined) {
          if (resolved.required) failures.push(`header ${resolved.name} is missing`);
          continue;
        }
        const validateHeader = ajv.compile(resolved.schema);
        if (!validateHeader(value)) failures.push(`header ${resolved.name}: ${JSON.stringify(validateHeader.errors)}`);
      }
      if (failures.length > 0) {
        throw new Error(`webhook ${body.type} does not match docs/openapi.yaml:\n  ${failures.join('\n  ')}\n  body: ${delivery.text}`);
      }
      seen.add(body.type);
      return body;
    },
    seen,
  };
}
