import { OperationError } from '../../../sdk/node/src';

export interface StoredDocument {
  readonly documentId: string;
  readonly version: number;
  readonly contentType: string;
  readonly content: unknown;
  readonly storedAt: string;
  /** The installation whose call stored this version. */
  readonly storedBy: string;
}

const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$/;

function documentIdOf(payload: unknown): string {
  const id = (payload as { documentId?: unknown } | undefined)?.documentId;
  if (typeof id !== 'string' || !DOCUMENT_ID.test(id))
    throw new OperationError(
      400,
      'invalid_document_id',
      'documentId must be 1-256 letters, digits, ".", "_", "/" or "-".',
    );
  return id;
}

/**
 * One tenant's documents, each write a new version. In memory: this example shows the operator
 * lane, not a database; a real storage plugin keeps documents in its own encrypted store.
 */
export function documentStore(now = () => new Date()) {
  const documents = new Map<string, StoredDocument>();
  return {
    put(payload: unknown, storedBy: string): Omit<StoredDocument, 'content'> {
      const documentId = documentIdOf(payload);
      const { content, contentType } = payload as { content?: unknown; contentType?: unknown };
      if (content === undefined) throw new OperationError(400, 'missing_content', 'content is required.');
      const stored: StoredDocument = {
        documentId,
        version: (documents.get(documentId)?.version ?? 0) + 1,
        contentType: typeof contentType === 'string' ? contentType : 'application/json',
        content,
        storedAt: now().toISOString(),
        storedBy,
      };
      documents.set(documentId, stored);
      const { content: _content, ...receipt } = stored;
      return receipt;
    },

    /** Every document's latest version, without content: what the console panel lists. */
    list(): Omit<StoredDocument, 'content'>[] {
      return [...documents.values()]
        .map(({ content: _content, ...summary }) => summary)
        .sort((a, b) => a.documentId.localeCompare(b.documentId));
    },

    get(payload: unknown): StoredDocument {
      const documentId = documentIdOf(payload);
      const found = documents.get(documentId);
      if (!found) throw new OperationError(404, 'document_not_found', `No document ${documentId}.`);
      return found;
    },
  };
}
