// A typed client of the complaint-lifecycle API, generated from its OpenAPI document:
//   npx openapi-typescript http://localhost:3000/docs-json -o complaint-api.d.ts
// (here: npm run openapi:client), used with openapi-fetch. docs/openapi.md shows this file;
// `npm test` type-checks it and runs it against a started service.
import createClient from 'openapi-fetch';
import type { components, paths } from './complaint-api';

export type Complaint = components['schemas']['Complaint'];

/** Files a complaint, resolves it, and reads it back, every call checked by the compiler. */
export async function fileAndResolve(
  baseUrl: string,
  token: string,
  complaintId: string,
): Promise<Complaint> {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  const filed = await api.POST('/complaints', {
    body: {
      complaintId,
      customerId: 'CU-42',
      channel: 'email',
      category: 'delivery',
      severity: 'medium',
      description: 'Parcel arrived damaged',
    },
  });
  // error is the documented error body: { statusCode, error, message }.
  if (filed.error) throw new Error(`filing answered ${filed.error.statusCode}: ${filed.error.message}`);

  const resolved = await api.POST('/complaints/{id}/resolution', {
    params: {
      path: { id: filed.data.complaintId },
      // Applied only if nobody changed the complaint since it was filed (else 412).
      header: { 'If-Match': `"${filed.data.revision}"` },
    },
    body: { resolutionType: 'replacement', summary: 'New parcel sent' },
  });
  if (resolved.error)
    throw new Error(`resolving answered ${resolved.error.statusCode}: ${resolved.error.message}`);
  console.log(`call back the customer by ${resolved.data.callbackDueAt}`);

  const read = await api.GET('/complaints/{id}', { params: { path: { id: complaintId } } });
  if (read.error) throw new Error(`reading answered ${read.error.statusCode}: ${read.error.message}`);
  return read.data; // typed: read.data.status is 'open' | 'resolved' | 'closed'
}
