import { UserRegistered, type VerificationLink, VerificationRequested } from '@comptoir/contracts';
import { formatDateTime, type TemplateContext } from './format.ts';
import { bilingualEmail, type EmailMessage } from './layout.ts';
import { emailTemplate } from './template.ts';

interface Recipient {
  email: string;
  displayName: string;
}

function verificationEmail(
  occasion: 'sign-up' | 'resend',
  user: Recipient,
  link: VerificationLink,
  context: TemplateContext,
): EmailMessage {
  const first = occasion === 'sign-up';
  return bilingualEmail(user.email, {
    fr: {
      subject: first ? 'Confirmez votre adresse courriel' : 'Votre nouveau lien de confirmation',
      greeting: `Bonjour ${user.displayName},`,
      paragraphs: [
        first
          ? 'Bienvenue chez Comptoir\u202f! Pour activer votre compte, confirmez votre adresse courriel.'
          : 'Vous avez demandé un nouveau lien pour confirmer votre adresse courriel. Le voici.',
      ],
      action: { label: 'Confirmer mon adresse', url: link.url },
      closing: [
        `Ce lien ne sert qu’une fois et expire le ${formatDateTime(link.expiresAt, 'fr', context)}.`,
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
      ],
    },
    en: {
      subject: first ? 'Confirm your email address' : 'Your new confirmation link',
      greeting: `Hello ${user.displayName},`,
      paragraphs: [
        first
          ? 'Welcome to Comptoir! To activate your account, confirm your email address.'
          : 'You asked for a new link to confirm your email address. Here it is.',
      ],
      action: { label: 'Confirm my address', url: link.url },
      closing: [
        `This link works once and expires on ${formatDateTime(link.expiresAt, 'en', context)}.`,
        'If you did not ask for this, ignore this message.',
      ],
    },
  });
}

/** `user.registered`: the welcome email with the first link. */
export const verificationOnSignUp = emailTemplate({
  payload: UserRegistered,
  // An account an admin created already verified has nothing to confirm: no email.
  render: (data, context) =>
    data.verification ? verificationEmail('sign-up', data, data.verification, context) : null,
});

/** `user.verification_requested`: a new link, asked for from the sign-in page. */
export const verificationOnRequest = emailTemplate({
  payload: VerificationRequested,
  render: (data, context) => verificationEmail('resend', data, data.verification, context),
});
