/** What the notifier receives: UserCreated.v1 as its PII clearance allows (PHI fields removed). */
export interface NewUser {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
}

/** The welcome message for a new user, in the mail API's shape. */
export function welcomeMessage(user: NewUser, sender: string) {
  return {
    from: sender,
    to: user.email,
    subject: 'Welcome to your patient portal',
    text: `Hello ${user.name},\n\nyour account is ready. Sign in with ${user.email} to see your appointments and messages.`,
    reference: user.userId,
  };
}
