import { type EmailReceiptResponse, emailReceiptResponseSchema } from '../../../../../shared/schemas/sales';
import { http } from '../../../api/http';

/** Sends the receipt through the server's SMTP (202); 503 UNAVAILABLE when mail is not set up or refused. */
export function emailReceipt(saleId: string, email: string): Promise<EmailReceiptResponse> {
  return http.post(`/api/sales/${encodeURIComponent(saleId)}/receipt/email`, {
    body: { email },
    parse: (body) => emailReceiptResponseSchema.parse(body),
  });
}
