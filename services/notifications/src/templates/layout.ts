import { colon, type Language } from './format.ts';
import { html, linkUrl, type SafeHtml } from './html.ts';

/** An email ready to queue. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * One language's version of an email, in plain strings: the layout writes both the text and the
 * HTML part from it and escapes everything, so a template cannot forget to.
 */
export interface EmailCopy {
  subject: string;
  greeting: string;
  /** Before the button. */
  paragraphs: readonly string[];
  /** The one thing to click; its URL is printed too, for clients that hide buttons. */
  action?: { label: string; url: string };
  /** Label and value lines after the button: an order number, a tracking number, a reason. */
  details?: readonly (readonly [label: string, value: string])[];
  /** After the button and the details. */
  closing?: readonly string[];
}

const SIGNATURE: Record<Language, string> = { fr: 'L’équipe Comptoir', en: 'The Comptoir team' };
const ENGLISH_BELOW = 'English version below.';

const STYLE = {
  body: 'margin:0;padding:24px;background:#f4f3ef;font-family:Helvetica,Arial,sans-serif;color:#1f1f1f;line-height:1.5',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px',
  note: 'font-size:12px;color:#6b6b6b',
  button:
    'display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold',
  rule: 'border:none;border-top:1px solid #e2e0da;margin:32px 0',
};

function textPart(language: Language, copy: EmailCopy): string {
  const blocks = [copy.greeting, ...copy.paragraphs];
  if (copy.action) blocks.push(`${copy.action.label}${colon(language)}\n${linkUrl(copy.action.url)}`);
  if (copy.details?.length) {
    blocks.push(copy.details.map(([label, value]) => `${label}${colon(language)} ${value}`).join('\n'));
  }
  blocks.push(...(copy.closing ?? []), `— ${SIGNATURE[language]}`);
  return blocks.join('\n\n');
}

function htmlPart(language: Language, copy: EmailCopy): SafeHtml {
  const action = copy.action
    ? html`<p style="margin:24px 0"><a href="${linkUrl(copy.action.url)}" style="${STYLE.button}">${copy.action.label}</a></p>
<p style="${STYLE.note}">${linkUrl(copy.action.url)}</p>`
    : '';
  const details = copy.details?.length
    ? html`<table role="presentation" style="border-collapse:collapse;margin:16px 0">${copy.details.map(
        ([label, value]) =>
          html`<tr><td style="padding:4px 16px 4px 0;color:#6b6b6b">${label}</td><td style="padding:4px 0"><strong>${value}</strong></td></tr>`,
      )}</table>`
    : '';
  return html`<div lang="${language}">
<p>${copy.greeting}</p>
${copy.paragraphs.map((p) => html`<p>${p}</p>\n`)}${action}
${details}${(copy.closing ?? []).map((p) => html`<p>${p}</p>\n`)}<p>— ${SIGNATURE[language]}</p>
</div>`;
}

/**
 * A French-first email with its English version below, as a text part and an HTML part. The
 * subject carries both languages, French first, so either reader recognises it in a list.
 */
export function bilingualEmail(to: string, copy: Record<Language, EmailCopy>): EmailMessage {
  const subject = `${copy.fr.subject} | ${copy.en.subject}`;
  const text = [ENGLISH_BELOW, textPart('fr', copy.fr), '* * *', textPart('en', copy.en)].join('\n\n');
  const page = html`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="${STYLE.body}">
<div style="${STYLE.card}">
<p style="${STYLE.note}">${ENGLISH_BELOW}</p>
${htmlPart('fr', copy.fr)}
<hr style="${STYLE.rule}">
${htmlPart('en', copy.en)}
</div>
</body>
</html>
`;
  return { to, subject, text: `${text}\n`, html: page.value };
}
