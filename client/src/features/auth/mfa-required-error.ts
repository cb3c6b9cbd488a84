/** signIn of a user with two-factor sign-in: the code step happens on the sign-in page, not at the till. */
export class MfaRequiredError extends Error {
  constructor() {
    super('This account uses two-factor sign-in: sign in on the sign-in page with your authenticator code');
    this.name = 'MfaRequiredError';
  }
}
