/**
 * documents/DocumentAttachments, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=DocumentsDocumentAttachments
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Documents/DocumentAttachments.php, generated from that page): readOnly = listed for GET only.
 * The page: "Use this endpoint to create, read and delete attachments of one or more documents" (GET, POST, DELETE:
 * no PUT). Mandatory (besides the key): Attachment ("Contains the attachment (Format: Base64 encoded)"), Document,
 * FileName. Url: "To get the file in its original format (xml, jpg, pdf, etc.) append &Download=1 to the url."
 * picqer/exact-php-client#178: an Attachment that is not base64 is Exact's 400 "Error converting the value ... to
 * type 'Byte[]'".
 *
 * Bulk: bulk/Documents/DocumentAttachments (Pi-Systems src/Entity/Bulk/Documents/DocumentAttachments.php, page
 * BulkDocumentsDocumentAttachments: "page size of 1000", "Only the following filters are supported: Document, ID",
 * "For the Bulk endpoint, Attachment will be always null"). Exact also has sync/Documents/DocumentAttachments
 * (SyncDocumentsDocumentAttachments), deliberately not declared: sync/Deleted lists no EntityType for attachments
 * (only 6, Documents), so a poller on the sync endpoint would never learn that a file was removed; the whole read
 * does. Not found in Exact's reference, picqer's, the .NET client's or the searched trackers: a size limit or a list
 * of accepted file types (the server enforces its own, see models/attachment-content.ts). No webhook topic of its
 * own (Exact's topic `Documents` is keyed by the document). Filterability on the regular endpoint: not in reach.
 */
import type { ExactEntity } from "./types";

export const documentAttachments: ExactEntity = {
  endpoint: "documents/DocumentAttachments",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=DocumentsDocumentAttachments",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "DELETE"],
  bulk: "bulk/Documents/DocumentAttachments",
  bulkFilters: ["Document", "ID"],
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/DELETE
    Attachment: { type: "Edm.Binary", mandatory: true }, // base64 in JSON
    Document: { type: "Edm.Guid", mandatory: true }, // documents/Documents
    FileName: { type: "Edm.String", mandatory: true },
    FileSize: { type: "Edm.Double", readOnly: true },
    Url: { type: "Edm.String", readOnly: true },
  },
};
