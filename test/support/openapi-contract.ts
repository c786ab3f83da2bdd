import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/* The published OpenAPI document, and checks of real answers against it (ajv, OpenAPI 3.0 schemas). */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface OpenApiOperation {
  /** "GET /complaints/{id}" */
  key: string;
  method: string;
  path: string;
  summary?: string;
  security?: Record<string, string[]>[];
  roles?: string[];
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export const DOCUMENT_ID = 'openapi.json';

/** Every operation of the document. */
export function operationsOf(document: Json): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        security: operation.security,
        roles: operation['x-roles'],
        responses: operation.responses,
      });
    }
  }
  return operations;
}

/** The component schema a `$ref` names, e.g. `ErrorBody`. */
export function schemaName(schema: Json): string | undefined {
  const ref: unknown = schema?.$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable` becomes a union with null, and an
 * object that lists its properties allows no other (so an answer carrying a field the
 * document does not name fails: the test holds the document to exactly what is sent).
 */
function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const converted: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) {
    if (key === 'example' || key === 'nullable') continue;
    if (key === '$ref')
      converted.$ref = String(value).replace('#/components/schemas/', `${DOCUMENT_ID}#/$defs/`);
    else if (key === 'properties') {
      converted.properties = Object.fromEntries(
        Object.entries<Json>(value).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else converted[key] = toJsonSchema(value);
  }
  if (converted.properties && converted.additionalProperties === undefined) {
    converted.additionalProperties = false;
  }
  return schema.nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** Validates answers against the document's response schemas. */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly operations: OpenApiOperation[];

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema({
      $id: DOCUMENT_ID,
      $defs: Object.fromEntries(
        Object.entries<Json>(document.components.schemas).map(([name, schema]) => [
          name,
          toJsonSchema(schema),
        ]),
      ),
    });
    this.operations = operationsOf(document);
  }

  /** The operation a concrete request path answers to (path parameters matched). */
  operationFor(method: string, url: string): OpenApiOperation | undefined {
    const path = url.split('?')[0];
    return this.operations.find(
      (operation) =>
        operation.method === method &&
        new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
  }

  /**
   * Problems with one answer: its status is not documented for the operation, or its body
   * does not match the documented schema for its content type. Empty when it conforms.
   */
  check(operation: OpenApiOperation, status: number, contentType: string | null, body: unknown): string[] {
    const response = operation.responses[String(status)];
    if (!response) return [`${operation.key}: status ${status} is not documented`];
    if (!response.content) {
      return body === undefined || body === '' ? [] : [`${operation.key} ${status}: body not documented`];
    }
    const mediaType = (contentType ?? '').split(';')[0].trim();
    const media = response.content[mediaType];
    if (!media) return [`${operation.key} ${status}: content type ${mediaType} is not documented`];
    return this.checkSchema(`${operation.key} ${status} ${mediaType}`, media.schema, body);
  }

  /** Problems of a value against one schema of the document (`{ $ref: '#/components/schemas/X' }`). */
  checkSchema(key: string, schema: Json, body: unknown): string[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${key}: ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`,
    );
  }
}
