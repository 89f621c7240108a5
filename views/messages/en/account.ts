/** The English strings of signing in, invitations, the account page and the invitation mail. */

export const login = {
  title: 'Sign in',
  intro: 'Sign in with the email address and password your institution gave you.',
  email: 'Email',
  password: 'Password',
  submit: 'Sign in',
  failed: 'That email and password do not match an account. Check both and try again.',
  missing: 'Enter your email and your password.',
  demoHint: 'On the demo, every account uses the password demo-password:',
  passwordsOff: 'Your university signs you in with its own account, not a password here: use “Your university account” above.',
  providerTitle: 'Your university account',
  providerIntro: 'Does your university sign you in with Google, Microsoft or another single sign-on? Type your work email and go on there.',
  providerEmail: 'Work email',
  providerSubmit: 'Continue',
  orPassword: 'Or sign in with a password',
  providerChoice: 'Your university signs you in more than one way: choose one.',
  signInWith: (provider: string) => `Sign in with ${provider}`,
  unknownDomain: (domain: string) => `No single sign-on is set up for ${domain}. Sign in with your password, or ask your HR office.`,
  emailMissing: 'Enter your work email.',
  flowLost: 'The sign-in took too long or was started in another browser. Start again.',
  providerCancelled: (provider: string) => `The sign-in at ${provider} was cancelled or refused. Start again if you meant to sign in.`,
  providerFailed: (provider: string) => `The sign-in with ${provider} could not be completed. Start again; if it happens again, tell your HR office.`,
  providerUnavailable: (provider: string) => `${provider} could not be reached. Try again in a few minutes.`,
  refusals: {
    emailNotVerified: (provider: string) => `${provider} did not confirm that the email address is yours, so it cannot sign you in here. Ask your IT office.`,
    emailOutsideDomains: (provider: string) => `${provider} signed you in with an email address it does not serve here. Use your university account.`,
    accountDisabled: (_provider: string) => 'Your account here is disabled. Ask your HR office.',
    noAccount: (provider: string) => `${provider} knows you, but you have no account here yet. Ask your HR office to add you.`,
    identityTaken: (provider: string) => `Your account here is already linked to another account at ${provider}. Sign in with that one, or ask your HR office.`,
  },
}

export const invite = {
  title: 'Set your password',
  intro: (name: string, email: string) => `Welcome, ${name}. Choose a password for ${email}.`,
  password: 'New password',
  confirm: 'Repeat the password',
  hint: 'At least 10 characters. A phrase of several words is easy to remember and hard to guess.',
  submit: 'Set password and sign in',
  tooShort: 'Use at least 10 characters.',
  tooLong: 'Use at most 200 characters.',
  mismatch: 'The two passwords are not the same.',
  invalid: 'This invitation link is not valid: it may have been used already or have expired. Ask HR for a new one.',
}

export const mail = {
  invitationSubject: (institution: string) => `Your ${institution} account on Competency Tracker`,
  invitationText: (name: string, institution: string, url: string, days: number) =>
    `Hello ${name},\n\n${institution} has added you to Competency Tracker, where you rate yourself against the competency framework and plan your professional development.\n\nSet your password here (the link works once, for ${days} days):\n${url}\n\nIf you did not expect this message, you can ignore it.`,
}

export const account = {
  changePassword: 'Change password',
  changePasswordIntro: 'Changing your password signs you out everywhere else: other browsers and API tokens stop working. This browser stays signed in.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Repeat the new password',
  passwordHint: (min: number, max: number) => `${min} to ${max} characters. A phrase of several words is easy to remember and hard to guess; no digits or symbols are required.`,
  submit: 'Change password',
  changed: 'Your password has been changed. Every other session of yours has ended.',
  currentMissing: 'Enter your current password.',
  currentWrong: 'Your current password is not correct.',
  sameAsCurrent: 'The new password is the same as your current one: choose a different one.',
  mismatch: 'The new password and its repetition are not the same.',
  tooShort: (length: number, min: number) => `The password has ${length} ${length === 1 ? 'character' : 'characters'}: use at least ${min}.`,
  tooLong: (length: number, max: number) => `The password has ${length} characters: use at most ${max}.`,
  repetitive: 'The password is one character repeated: choose one that is harder to guess.',
  common: 'This is one of the most common passwords, which attackers try first: choose another one.',
  personal: 'The password must not be your email address or your name.',
  throttled: (minutes: number) => `Too many sign-in attempts. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.`,
  signOutNote: 'Signing out ends your sessions on every device.',
}
