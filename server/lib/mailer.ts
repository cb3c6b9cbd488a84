import nodemailer from 'nodemailer';
import type { Config } from '../config';

export type MailMessage = { to: string; subject: string; text: string; html?: string };

/** Sends mail through the configured SMTP server. */
export type Mailer = {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
};

/**
 * A nodemailer SMTP transport built from config.smtp: implicit TLS on port 465 (STARTTLS is used
 * elsewhere when the server offers it), authentication when a user is set. null when SMTP is not
 * configured, so callers decide what "no mail" means for them.
 */
export function createMailer(config: Pick<Config, 'smtp'>): Mailer | null {
  const smtp = config.smtp;
  if (!smtp) {
    return null;
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: smtp.from, ...message });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
