/**
 * What an attachment's file may be. Exact publishes no size limit and no list of accepted types for
 * documents/DocumentAttachments (not on its reference page, not in picqer/exact-php-client's, the .NET client's or the
 * searched trackers), so these are the server's own, documented in docs/models-accounting.md:
 * - the type is told by the file's first bytes, never by its name: PDF, PNG, JPEG, GIF, TIFF (what a bookkeeper
 *   attaches to an invoice, bill or entry);
 * - at most MAX_ATTACHMENT_BYTES decoded, which keeps its base64 (4/3 larger) inside the server's 1 MB JSON body
 *   limit (server/body-limit.ts) with room for the other fields; a larger body is the body limit's 413 before this.
 */
import { z } from "zod";

export const MAX_ATTACHMENT_BYTES = 700 * 1024;

/** Accepted types, by their magic bytes. */
export const ATTACHMENT_TYPES = [
  { contentType: "application/pdf", extensions: ["pdf"], magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] }, // %PDF-
  { contentType: "image/png", extensions: ["png"], magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  { contentType: "image/jpeg", extensions: ["jpg", "jpeg"], magic: [[0xff, 0xd8, 0xff]] },
  { contentType: "image/gif", extensions: ["gif"], magic: [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]] }, // GIF87a, GIF89a
  { contentType: "image/tiff", extensions: ["tif", "tiff"], magic: [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]] }, // little-, big-endian
] as const;

const ACCEPTED = ATTACHMENT_TYPES.map((t) => t.contentType).join(", ");
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The accepted type whose magic bytes the file starts with; undefined: not one we take. */
export function sniffContentType(bytes: Uint8Array): string | undefined {
  return ATTACHMENT_TYPES.find((t) => t.magic.some((magic) => magic.every((byte, i) => bytes[i] === byte)))?.contentType;
}

/** The type a file name's extension stands for, among the accepted ones. */
export function contentTypeOfName(fileName: unknown): string | null {
  if (typeof fileName !== "string") return null;
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ATTACHMENT_TYPES.find((t) => (t.extensions as readonly string[]).includes(extension ?? ""))?.contentType ?? null;
}

/** base64 of one accepted file: the size is checked on the text's length, before anything is decoded. */
export const attachmentContent = z.string().superRefine((text, ctx) => {
  const decodedSize = Math.floor((text.length * 3) / 4) - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
  if (decodedSize > MAX_ATTACHMENT_BYTES) {
    ctx.addIssue({ code: "custom", message: `The file is ${decodedSize} bytes; at most ${MAX_ATTACHMENT_BYTES} bytes (${MAX_ATTACHMENT_BYTES / 1024} KiB) are taken` });
    return;
  }
  if (text.length === 0 || !BASE64.test(text)) {
    ctx.addIssue({ code: "custom", message: "Expected the file as standard base64 (RFC 4648, with padding)" });
    return;
  }
  if (!sniffContentType(Buffer.from(text.slice(0, 16), "base64"))) {
    ctx.addIssue({ code: "custom", message: `Not a file type Exact attachments take here; accepted: ${ACCEPTED} (told by the file's first bytes)` });
  }
});

/** A file name as Exact shows it: 1–100 characters, no folder, nothing unprintable. */
export const attachmentFileName = z
  .string()
  .min(1, "A file name is needed, e.g. factuur-2025-001.pdf")
  .max(100, "At most 100 characters")
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name), "No path separators (/ \\) or control characters")
  .refine((name) => name.trim() === name && name !== "." && name !== "..", "No leading or trailing spaces, not . or ..");

/** The content's type, for a name whose extension must agree with it. */
export function contentTypeOfBase64(text: string): string | undefined {
  return sniffContentType(Buffer.from(text.slice(0, 16), "base64"));
}
